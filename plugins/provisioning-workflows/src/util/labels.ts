import {
  AppInstance,
  AuditEventType,
  LicenseTier,
  RuleCondition,
  RunKind,
  RunStatus,
  WorkflowActionStatus,
  WorkflowMode,
  WorkflowRun,
  WorkflowRunStatus,
  WorkflowStatus,
} from '@internal/plugin-provisioning-workflows-common';

// Names, never keys (ux.md): every value of an enum that reaches a screen
// has its human label here, and only here.

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  'needs-setup': 'Needs setup',
  active: 'Active',
  paused: 'Paused',
};

export const RUN_STATUS_LABELS: Record<WorkflowRunStatus, string> = {
  planning: 'Planning',
  waiting: 'Waiting for the deadline',
  executing: 'Executing',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export const ACTION_STATUS_LABELS: Record<WorkflowActionStatus, string> = {
  'dry-run': 'Dry run',
  notified: 'Warned',
  queued: 'Queued',
  'waiting-on-it': 'Waiting on IT',
  done: 'Done',
  failed: 'Failed',
  'opted-out': 'Kept (opted out)',
  skipped: 'Skipped',
  suggested: 'Suggested',
  dismissed: 'Dismissed',
};

export const RUN_TRIGGER_LABELS: Record<WorkflowRun['trigger'], string> = {
  manual: 'By hand',
  schedule: 'Scheduled',
};

export const MODE_LABELS: Record<WorkflowMode, string> = {
  automatic: 'Automatic',
  suggest: 'Suggestions',
};

export const LICENSE_ACTION_LABELS: Record<
  'downgrade' | 'deprovision',
  string
> = {
  downgrade: 'Downgrade',
  deprovision: 'Deprovision',
};

export const CONDITION_LABELS: Record<RuleCondition['type'], string> = {
  noSignIn: 'No sign-in for N days',
  neverSignedIn: 'Never signed in since assigned N days ago',
  fewSignIns: 'Fewer than K sign-ins in the last N days',
};

/** Background runs of the inventory. */
export const RUN_KIND_LABELS: Record<RunKind, string> = {
  'inventory-sync': 'Inventory sync',
  'activity-ingest': 'Activity ingest',
  workflow: 'Workflow',
};

export const INVENTORY_RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export const AUDIT_EVENT_LABELS: Record<AuditEventType, string> = {
  'workflow.saved': 'Workflow saved',
  'workflow.status': 'Workflow paused or resumed',
  'exemption.added': 'Exemption added',
  'exemption.removed': 'Exemption removed',
  'run.started': 'Run started',
  'run.finished': 'Run finished',
  'action.done': 'License changed',
  'action.failed': 'License change failed',
  'action.waiting-on-it': 'License change handed to IT',
  'action.skipped': 'License change skipped',
  'action.opted-out': 'License kept by its holder',
  'action.notified': 'Holder warned',
  'suggestion.accepted': 'Suggestion accepted',
  'suggestion.dismissed': 'Suggestion dismissed',
  'restore.requested': 'License restore asked for',
  'restore.done': 'License restored',
  'restore.failed': 'License restore failed',
};

/** A label for a value that may be outside the known set: the label, or the value made readable. */
export function labelOf<K extends string>(
  labels: Record<K, string>,
  value: string,
): string {
  return (labels as Record<string, string>)[value] ?? words(value);
}

/** `assignmentsRemoved` or `opted-out` → "Assignments removed", "Opted out". */
export function words(key: string): string {
  const spaced = key
    .replace(/[-_.]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** `pro-plus` → "Pro Plus". */
export function titleCase(key: string): string {
  return key
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * A tier's display name: the instance's `displayName` for it when set,
 * else its key in Title Case ("viewer" → "Viewer").
 */
export function tierName(
  instance: Pick<AppInstance, 'tiers'> | undefined,
  key: string | undefined,
): string {
  if (!key) return '—';
  const tier = instance?.tiers.find(t => t.tier === key) as
    | (LicenseTier & { displayName?: string })
    | undefined;
  return tier?.displayName?.trim() || titleCase(key);
}

/** "Reclaim 1 license" / "Reclaim 3 licenses". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

// What the inventory sync and the activity ingest counted, in words.
const STAT_NOUNS: Record<string, [string, string]> = {
  catalogUsersRead: ['catalog person', 'catalog people'],
  oktaUsersRead: ['Okta person', 'Okta people'],
  appsRead: ['app', 'apps'],
  assignmentsRead: ['assignment', 'assignments'],
  eventsRead: ['sign-in event', 'sign-in events'],
  windows: ['time window', 'time windows'],
};

const STAT_PHRASES: Record<string, [string, string]> = {
  peopleAdded: ['person added', 'people added'],
  peopleUpdated: ['person updated', 'people updated'],
  peopleRemoved: ['person removed', 'people removed'],
  instancesAdded: ['app instance added', 'app instances added'],
  instancesUpdated: ['app instance updated', 'app instances updated'],
  instancesRemoved: ['app instance removed', 'app instances removed'],
  assignmentsAdded: ['assignment added', 'assignments added'],
  assignmentsUpdated: ['assignment updated', 'assignments updated'],
  assignmentsRemoved: ['assignment removed', 'assignments removed'],
  catalogOnlyPeople: [
    'person in the catalog only',
    'people in the catalog only',
  ],
  oktaOnlyPeople: ['person in Okta only', 'people in Okta only'],
  eventsCounted: ['event counted', 'events counted'],
  duplicatesSkipped: ['duplicate skipped', 'duplicates skipped'],
  rateLimitWaits: ['wait for the rate limit', 'waits for the rate limit'],
  retries: ['retry', 'retries'],
};

const count = (n: number, [one, many]: [string, string]) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "A and B", "A, B and C". */
export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A background run's counters as a sentence: "Read 42 Okta people and 12
 * apps. 131 changes: 3 people added and 128 assignments updated."
 */
export function statsSentence(stats: Record<string, number>): string {
  const entries = Object.entries(stats).filter(
    ([, n]) => typeof n === 'number',
  );
  const read = entries
    .filter(([k]) => STAT_NOUNS[k])
    .map(([k, n]) => count(n, STAT_NOUNS[k]));
  const details = entries
    .filter(([k, n]) => n && !STAT_NOUNS[k] && k !== 'changed')
    .map(([k, n]) => {
      const phrase = words(k).toLowerCase();
      return count(n, STAT_PHRASES[k] ?? [phrase, phrase]);
    });
  const parts: string[] = [];
  if (read.length) parts.push(`Read ${listOf(read)}.`);
  const changed = stats.changed;
  if (changed !== undefined) {
    parts.push(
      changed
        ? `${count(changed, ['change', 'changes'])}${
            details.length ? `: ${listOf(details)}` : ''
          }.`
        : `No changes${details.length ? `; ${listOf(details)}` : ''}.`,
    );
  } else if (details.length) {
    const text = listOf(details);
    parts.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
  }
  return parts.join(' ') || 'Nothing counted.';
}

/** The permissions of license automation, as a person reads them. */
export const PERMISSION_LABELS: Record<string, string> = {
  'provisioning-workflows.inventory.read':
    'See the app inventory and license automation',
  'provisioning-workflows.activity.read': "See other people's app activity",
  'provisioning-workflows.workflow.manage': 'Run the inventory sync',
  'provisioning-workflows.app.manage': "Manage an app's license automation",
  'provisioning-workflows.history.read': "See an app's workflow history",
  'provisioning-workflows.exemptions.manage':
    'Manage the exemptions of every app',
  'provisioning-workflows.tasks.read': 'See the background tasks',
  'provisioning-workflows.tasks.trigger': 'Start the background tasks',
};
