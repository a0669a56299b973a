import { HomeApp } from '@internal/plugin-productiv-home-common';
import { ItChange } from '../../database/ItChangesStore';

const RECLAIM_PREFIX = 'reclaim:';

/**
 * The app key of a reclaim for an app that is not in Home's catalog, from
 * the inventory's name (`reclaim:figma`); the portal names it from the key.
 */
export function reclaimKey(appName: string): string {
  const slug = appName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${RECLAIM_PREFIX}${slug || 'app'}`;
}

/** Whether an app key is a stand-in for an app not in the catalog. */
export function isReclaimKey(appKey: string): boolean {
  return appKey.startsWith(RECLAIM_PREFIX);
}

/**
 * What the person and IT read about the change: "Figma Editor removed by
 * license automation", "Figma Editor downgraded to Viewer by license
 * automation".
 */
export function reclaimTitle(
  change: Pick<ItChange, 'appName' | 'change' | 'fromTierName' | 'toTierName'>,
): string {
  const from = [change.appName, change.fromTierName].filter(Boolean).join(' ');
  return change.change === 'downgrade'
    ? `${from} downgraded to ${change.toTierName} by license automation`
    : `${from} removed by license automation`;
}

/** Why IT is asked, as the ticket's "Why" says it. */
export function reclaimJustification(
  change: Pick<ItChange, 'change' | 'reason' | 'link'>,
): string {
  const what =
    change.change === 'downgrade'
      ? 'A downgrade decided by a provisioning workflow'
      : 'A reclaim decided by a provisioning workflow';
  return `${what}, which Okta cannot make: ${change.reason}${
    change.link ? ` (run results: ${change.link})` : ''
  }`;
}

/**
 * What fulfillment is handed for a reclaim, whether or not Home offers
 * the app: always a ticket (Okta could not make the change).
 */
export function reclaimApp(appKey: string): HomeApp {
  return {
    appKey,
    name: appKey,
    description: '',
    category: 'Reclaim',
    tiers: [],
    owners: [],
    approval: { required: 'no-one', exceptGroups: [], levels: [] },
    fulfillment: 'ticket',
  };
}
