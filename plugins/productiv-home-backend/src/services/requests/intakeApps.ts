import { InputError } from '@backstage/errors';
import { HomeApp } from '@internal/plugin-productiv-home-common';

const INTAKE_PREFIX = 'intake:';
/** The one tier of a request for an app that is not in the catalog. */
export const INTAKE_TIER = 'new-app';

/** Whether an app key names a request for an app that is not in the catalog. */
export function isIntakeKey(appKey: string): boolean {
  return appKey.startsWith(INTAKE_PREFIX);
}

/** The app key of a requested new app, from its name. */
export function intakeKey(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (!slug) throw new InputError('Give the name of the app you need');
  return `${INTAKE_PREFIX}${slug}`;
}

/** A stand-in app for requests of apps that are not in the catalog: default approvers, no owners. */
export function intakeApp(appKey: string, name: string): HomeApp {
  return {
    appKey,
    name,
    description: '',
    category: 'New app',
    tiers: [INTAKE_TIER],
    owners: [],
    approval: { required: 'everyone', exceptGroups: [], levels: [] },
    fulfillment: 'ticket',
  };
}

/** The stand-in app of an intake request, from its key. */
export function intakeAppOf(appKey: string): HomeApp {
  return intakeApp(appKey, appKey.slice(INTAKE_PREFIX.length));
}
