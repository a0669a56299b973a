import {
  AuditEvent,
  PreviewEntry,
  WorkflowAction,
  WorkflowActionStatus,
  WorkflowDefinition,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';

/** The actor of what the plugin does by itself (scheduled runs, actions). */
export const SYSTEM_ACTOR = 'provisioning-workflows';

/** How long a person who kept their license is left out of the same instance's runs. */
export const OPT_OUT_RESPECTED_DAYS = 90;

/**
 * A person a workflow acts on, as planning needs them: a preview entry
 * with epoch-ms times (people see ISO times, made only for the entries
 * shown), and what execution needs besides.
 */
export type PlannedEntry = Omit<PreviewEntry, 'lastSignIn' | 'assignedAt'> & {
  lastSignInMs?: number;
  assignedMs: number;
  scope: 'USER' | 'GROUP';
  fromGroupId?: string;
  toGroupId?: string;
};

/** An audit event to write in the same transaction as the change it records. */
export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at' | 'detail'> & {
  detail?: Record<string, unknown>;
};

export type ActionRecord = WorkflowAction & {
  scope: 'USER' | 'GROUP';
  fromGroupId?: string;
  toGroupId?: string;
  lastSignInMs?: number;
};

export type RunRecord = WorkflowRun & { definition: WorkflowDefinition };

/** Where the final statuses of an action are: no job will change them. */
export const FINAL_ACTION_STATUSES: WorkflowActionStatus[] = [
  'dry-run',
  'done',
  'failed',
  'opted-out',
  'skipped',
  'dismissed',
];
