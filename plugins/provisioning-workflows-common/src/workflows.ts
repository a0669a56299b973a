import { LicenseRestore, RestoreSettings, RuleRegret } from './restores';

/**
 * What a rule looks at in a person's SSO activity on the instance.
 *
 * - `noSignIn`: no sign-in for `days` days (and assigned at least that long);
 * - `neverSignedIn`: not one sign-in since the assignment, made `days` or more days ago;
 * - `fewSignIns`: fewer than `signIns` sign-ins in the last `days` days (and
 *   assigned at least that long).
 *
 * @public
 */
export type RuleCondition =
  | { type: 'noSignIn'; days: number }
  | { type: 'neverSignedIn'; days: number }
  | { type: 'fewSignIns'; days: number; signIns: number };

/**
 * What happens to a person a rule selects. `suggestOnly` turns the change
 * into a suggestion an admin accepts or dismisses.
 *
 * @public
 */
export type RuleOutcome =
  | { action: 'downgrade'; toTier: string; suggestOnly?: boolean }
  | { action: 'deprovision'; suggestOnly?: boolean };

/**
 * One rule of a workflow. Rules are ordered; the first that matches wins.
 *
 * @public
 */
export type WorkflowRule = {
  name?: string;
  condition: RuleCondition;
  /** Only people holding one of these tiers; every tier when empty or absent. */
  tiers?: string[];
  outcome: RuleOutcome;
};

/**
 * Warnings sent before a change, with a way to keep the license.
 *
 * @public
 */
export type WorkflowNotifications = {
  enabled: boolean;
  /** Days between the warning and the change. */
  daysBefore: number;
  /** Whether the warned person may keep their license until the deadline. */
  allowOptOut: boolean;
  /**
   * Where warnings and reminders go besides the portal's notifications:
   * `default` follows the backend's default channel
   * (`provisioningWorkflows.notifications.defaultChannel`), `slack` a direct
   * message with a *Keep my license* button, `email` a mail with a *Keep*
   * link, `portal-only` nothing more. Absent means `default`.
   */
  channel?: WarningChannelChoice;
  /**
   * Hours before the deadline at which those who have not answered are
   * reminded, once; 0 for no reminder. Absent means 24.
   */
  remindBeforeHours?: number;
};

/**
 * Where a workflow's warnings go besides the portal.
 *
 * @public
 */
export type WarningChannelChoice =
  | 'default'
  | 'slack'
  | 'email'
  | 'portal-only';

/**
 * The reminder of a warning, unless the workflow says otherwise: a day
 * before the deadline.
 *
 * @public
 */
export const DEFAULT_REMIND_BEFORE_HOURS = 24;

/**
 * `automatic`: scheduled runs make the changes; `suggest`: scheduled runs
 * only produce suggestions.
 *
 * @public
 */
export type WorkflowMode = 'automatic' | 'suggest';

/**
 * The editable part of a workflow.
 *
 * @public
 */
export type WorkflowDefinition = {
  rules: WorkflowRule[];
  /** People whose Okta account is younger than this many days are exempt. */
  newHireDays: number;
  notifications: WorkflowNotifications;
  /** Five-field cron, in UTC; no schedule when absent. */
  schedule?: string;
  mode: WorkflowMode;
  /** The recommended workflow it started from, if any. */
  template?: string;
  /** How people get back what it took; {@link DEFAULT_RESTORE_SETTINGS} when absent. */
  restore?: RestoreSettings;
};

/**
 * @public
 */
export type WorkflowStatus = 'needs-setup' | 'active' | 'paused';

/**
 * The workflow of one app instance.
 *
 * @public
 */
export type Workflow = WorkflowDefinition & {
  instanceId: string;
  status: Exclude<WorkflowStatus, 'needs-setup'>;
  updatedBy: string;
  updatedAt: string;
  /** The next scheduled run, when active and scheduled. */
  nextRunAt?: string;
};

/**
 * An instance as the automation page lists it.
 *
 * @public
 */
export type InstanceWorkflowSummary = {
  instanceId: string;
  appKey: string;
  label: string;
  status: WorkflowStatus;
  assignedUsers: number;
  lastRun?: WorkflowRun;
  openSuggestions: number;
};

/**
 * A recommended workflow to start from.
 *
 * @public
 */
export type WorkflowTemplate = {
  id: string;
  title: string;
  description: string;
  /** Tier names are filled in for the instance (its lowest tier). */
  build(options: { lowestTier?: string }): WorkflowDefinition;
};

/**
 * A person the workflow would act on.
 *
 * @public
 */
export type PreviewEntry = {
  oktaUserId: string;
  email?: string;
  displayName?: string;
  /** Index of the rule that matched, from 0. */
  rule: number;
  ruleName: string;
  currentTier?: string;
  action: 'downgrade' | 'deprovision';
  toTier?: string;
  suggestOnly: boolean;
  lastSignIn?: string;
  assignedAt: string;
  /** Monthly price of the current tier minus that of the new one (all of it when deprovisioned). */
  monthlySaving: number;
};

/**
 * @public
 */
export type WorkflowPreview = {
  instanceId: string;
  computedAt: string;
  assignedUsers: number;
  exemptUsers: number;
  entries: PreviewEntry[];
  monthlySaving: number;
};

/**
 * @public
 */
export type ExemptionScope = 'global' | { instanceId: string };

/**
 * A person (by e-mail) or a catalog group whose members a workflow never acts on.
 *
 * @public
 */
export type Exemption = {
  id: string;
  /** `global` or an instance id. */
  scope: string;
  kind: 'user' | 'group';
  /** Lower-case e-mail for users, entity ref (`group:default/vps`) for groups. */
  value: string;
  note?: string;
  addedBy: string;
  addedAt: string;
};

/**
 * @public
 */
export type WorkflowRunStatus =
  | 'planning'
  | 'waiting'
  | 'executing'
  | 'succeeded'
  | 'failed';

/**
 * One run of a workflow.
 *
 * @public
 */
export type WorkflowRun = {
  id: string;
  instanceId: string;
  trigger: 'manual' | 'schedule';
  dryRun: boolean;
  mode: WorkflowMode;
  status: WorkflowRunStatus;
  actor: string;
  startedAt: string;
  finishedAt?: string;
  /** When the warned people are acted on (runs with notifications). */
  deadline?: string;
  /** Actions per status. */
  counts: Partial<Record<WorkflowActionStatus, number>>;
  total: number;
  /** Actions that reached a final status. */
  finished: number;
  error?: string;
};

/**
 * @public
 */
export type WorkflowActionStatus =
  | 'dry-run'
  | 'notified'
  | 'queued'
  /** Okta could not make the change: a ticket asks IT, until it is resolved. */
  | 'waiting-on-it'
  | 'done'
  | 'failed'
  | 'opted-out'
  | 'skipped'
  | 'suggested'
  | 'dismissed';

/**
 * One person a run acts on, and what happened.
 *
 * @public
 */
export type WorkflowAction = {
  id: string;
  runId: string;
  instanceId: string;
  oktaUserId: string;
  email?: string;
  displayName?: string;
  rule: number;
  action: 'downgrade' | 'deprovision';
  fromTier?: string;
  toTier?: string;
  status: WorkflowActionStatus;
  monthlySaving: number;
  lastSignIn?: string;
  deadline?: string;
  /** Why it failed or was skipped, or what was changed. */
  detail?: string;
  updatedAt: string;
};

/**
 * One point of the results chart: licenses held and people who signed in
 * within 30 days, on a day.
 *
 * @public
 */
export type ResultsPoint = {
  day: string;
  provisioned: number;
  engaged: number;
};

/**
 * The results report of an instance.
 *
 * @public
 */
export type WorkflowResults = {
  instanceId: string;
  series: ResultsPoint[];
  actions: Partial<Record<WorkflowActionStatus, number>>;
  /** Monthly savings of the changes made. */
  monthlySaving: number;
  openSuggestions: number;
  runs: WorkflowRun[];
  /** Per rule: changes made, restores, regret rate, net seats and savings. */
  regret?: RuleRegret[];
  /** The latest restores, newest first. */
  restores?: LicenseRestore[];
};

/**
 * @public
 */
export const AUDIT_EVENT_TYPES = [
  'workflow.saved',
  'workflow.status',
  'exemption.added',
  'exemption.removed',
  'run.started',
  'run.finished',
  'action.done',
  'action.failed',
  'action.waiting-on-it',
  'action.skipped',
  'action.opted-out',
  'action.notified',
  'suggestion.accepted',
  'suggestion.dismissed',
  'restore.requested',
  'restore.done',
  'restore.failed',
] as const;

/**
 * @public
 */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * One entry of the audit events API.
 *
 * @public
 */
export type AuditEvent = {
  id: string;
  at: string;
  type: AuditEventType;
  actor: string;
  appKey?: string;
  instanceId?: string;
  runId?: string;
  actionId?: string;
  detail: Record<string, unknown>;
};

/**
 * The recommended workflows.
 *
 * @public
 */
export const RECOMMENDED_WORKFLOWS: WorkflowTemplate[] = [
  {
    id: 'reclaim-90',
    title: 'Reclaim licenses unused for 90 days',
    description:
      'Deprovisions people who have not signed in for 90 days, after a 7-day warning they can opt out of. New hires are exempt for 30 days.',
    build: () => ({
      template: 'reclaim-90',
      rules: [
        {
          name: 'No sign-in for 90 days',
          condition: { type: 'noSignIn', days: 90 },
          outcome: { action: 'deprovision' },
        },
      ],
      newHireDays: 30,
      notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
      mode: 'automatic',
    }),
  },
  {
    id: 'downgrade-30',
    title: 'Downgrade to the basic tier after 30 days without use',
    description:
      'Moves people who have not signed in for 30 days to the lowest tier, and reclaims licenses never used 60 days after assignment.',
    build: ({ lowestTier }) => ({
      template: 'downgrade-30',
      rules: [
        {
          name: 'Never used since assigned 60 days ago',
          condition: { type: 'neverSignedIn', days: 60 },
          outcome: { action: 'deprovision' },
        },
        ...(lowestTier
          ? [
              {
                name: 'No sign-in for 30 days',
                condition: { type: 'noSignIn' as const, days: 30 },
                outcome: {
                  action: 'downgrade' as const,
                  toTier: lowestTier,
                },
              },
            ]
          : []),
      ],
      newHireDays: 30,
      notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
      mode: 'automatic',
    }),
  },
  {
    id: 'suggest-light-users',
    title: 'Suggest reclaiming from light users',
    description:
      'Suggests deprovisioning people with fewer than 3 sign-ins in the last 60 days; an admin accepts or dismisses each suggestion.',
    build: () => ({
      template: 'suggest-light-users',
      rules: [
        {
          name: 'Fewer than 3 sign-ins in 60 days',
          condition: { type: 'fewSignIns', days: 60, signIns: 3 },
          outcome: { action: 'deprovision', suggestOnly: true },
        },
      ],
      newHireDays: 30,
      notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
      mode: 'suggest',
    }),
  },
];
