import { AppInstance } from '@internal/plugin-provisioning-workflows-common';
import { LicenseWarningNotice } from '@internal/plugin-provisioning-workflows-node';
import { titleCase } from '../database/InventoryStore';
import { ActionRecord } from '../database/types';

/** The portal's page of one warning, where the person keeps their license. */
export const warningPath = (actionId: string) =>
  `/license-automation/warnings/${encodeURIComponent(actionId)}`;

/** The portal's page of an instance's workflow and results. */
export const instancePath = (instanceId: string) =>
  `/license-automation/instances/${encodeURIComponent(instanceId)}`;

/** A portal path as a link people can open from Slack or a mail. */
export function portalLink(appBaseUrl: string | undefined, path: string) {
  return appBaseUrl ? `${appBaseUrl.replace(/\/+$/, '')}${path}` : path;
}

/** A tier by the name people see. */
export function tierName(
  instance: AppInstance | undefined,
  tier: string | undefined,
): string | undefined {
  if (!tier) return undefined;
  return (
    instance?.tiers.find(t => t.tier === tier)?.displayName ?? titleCase(tier)
  );
}

/** The warning of one planned action, by name, as channels show it. */
export function warningNotice(options: {
  action: ActionRecord;
  personRef: string;
  instance: AppInstance | undefined;
  allowKeep: boolean;
  appBaseUrl?: string;
}): LicenseWarningNotice {
  const { action, instance } = options;
  return {
    actionId: action.id,
    runId: action.runId,
    instanceId: action.instanceId,
    appName: instance?.label ?? action.instanceId,
    personRef: options.personRef,
    personEmail: action.email,
    personName: action.displayName,
    change: action.action,
    fromTierName: tierName(instance, action.fromTier),
    toTierName: tierName(instance, action.toTier),
    deadline: action.deadline!,
    allowKeep: options.allowKeep,
    link: portalLink(options.appBaseUrl, warningPath(action.id)),
  };
}
