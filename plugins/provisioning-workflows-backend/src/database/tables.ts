import {
  AuditEventType,
  WorkflowActionStatus,
  WorkflowMode,
  WorkflowRunStatus,
} from '@internal/plugin-provisioning-workflows-common';

// Row types of the plugin's tables, as knex returns them. Epoch-ms columns
// are bigints: PostgreSQL returns them as strings, SQLite as numbers.

type Ms = number | string;

export type DbPersonRow = {
  email: string;
  entity_ref: string | null;
  okta_user_id: string | null;
  okta_status: string | null;
  display_name: string | null;
  title: string | null;
  department: string | null;
  manager_okta_id: string | null;
  okta_created_ms: Ms | null;
  updated_at_ms: Ms;
};

export type DbPersonTeamRow = { entity_ref: string; group_ref: string };

export type DbAppInstanceRow = {
  id: string;
  app_key: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE' | 'REMOVED';
  sign_on_mode: string | null;
  first_seen_ms: Ms;
  removed_ms: Ms | null;
};

export type DbInstanceGroupRow = {
  instance_id: string;
  group_id: string;
  group_name: string;
  priority: number | string;
};

export type DbLicenseTierRow = {
  instance_id: string;
  tier: string;
  group_id: string | null;
  /** Null: derived from the group's name (suggested tiers, older rows). */
  display_name: string | null;
  description: string | null;
  seats: number | string | null;
  monthly_price: number | string | null;
  source: 'admin' | 'suggested';
  rank: number | string;
  updated_by: string | null;
  updated_at_ms: Ms;
};

export type DbAssignmentRow = {
  instance_id: string;
  okta_user_id: string;
  scope: 'USER' | 'GROUP';
  group_id: string | null;
  first_seen_ms: Ms;
  removed_ms: Ms | null;
};

export type DbActivityDailyRow = {
  okta_user_id: string;
  instance_id: string;
  day: string;
  sign_ins: number;
};

export type DbActivityLastRow = {
  okta_user_id: string;
  instance_id: string;
  last_sign_in_ms: Ms;
};

export type DbWorkflowRow = {
  instance_id: string;
  status: 'active' | 'paused';
  /** JSON WorkflowDefinition. */
  definition: string;
  schedule: string | null;
  next_run_ms: Ms | null;
  updated_by: string;
  updated_at_ms: Ms;
};

export type DbExemptionRow = {
  id: string;
  scope: string;
  kind: 'user' | 'group';
  value: string;
  note: string | null;
  added_by: string;
  added_at_ms: Ms;
};

export type DbWorkflowRunRow = {
  id: string;
  instance_id: string;
  trigger: 'manual' | 'schedule';
  scheduled_for_ms: Ms | null;
  dry_run: boolean | number;
  mode: WorkflowMode;
  status: WorkflowRunStatus;
  /** JSON WorkflowDefinition, as the run was started. */
  definition: string;
  actor: string;
  started_at_ms: Ms;
  deadline_ms: Ms | null;
  finished_at_ms: Ms | null;
  error: string | null;
};

export type DbWorkflowActionRow = {
  id: string;
  run_id: string;
  instance_id: string;
  okta_user_id: string;
  email: string | null;
  display_name: string | null;
  rule: number | string;
  action: 'downgrade' | 'deprovision';
  from_tier: string | null;
  to_tier: string | null;
  from_group_id: string | null;
  to_group_id: string | null;
  scope: 'USER' | 'GROUP';
  status: WorkflowActionStatus;
  monthly_saving: number | string;
  last_sign_in_ms: Ms | null;
  deadline_ms: Ms | null;
  detail: string | null;
  decided_by: string | null;
  updated_at_ms: Ms;
};

export type DbWorkflowEventRow = {
  id: number | string;
  at_ms: Ms;
  type: AuditEventType;
  actor: string;
  app_key: string | null;
  instance_id: string | null;
  run_id: string | null;
  action_id: string | null;
  /** JSON object. */
  detail: string;
};

/**
 * A license given back after a workflow took it (migration
 * 20261204103000_restores): one row per action. Savings net of restores
 * subtract `monthly_saving` of the rows with status `done`.
 */
export type DbRestoreRow = {
  id: string;
  action_id: string;
  run_id: string;
  instance_id: string;
  rule: number | string;
  rule_name: string;
  okta_user_id: string;
  entity_ref: string | null;
  action: 'downgrade' | 'deprovision';
  tier: string | null;
  monthly_saving: number | string;
  status: 'queued' | 'done' | 'failed';
  requested_by: string;
  requested_at_ms: Ms;
  restored_at_ms: Ms | null;
  detail: string | null;
};

export type DbAssignmentIntervalRow = {
  id: number | string;
  instance_id: string;
  okta_user_id: string;
  scope: 'USER' | 'GROUP';
  group_id: string | null;
  from_ms: Ms;
  /** Exclusive; null while it holds. */
  to_ms: Ms | null;
  first_seen_ms: Ms;
  first_seen_day: string;
  source: 'sync' | 'okta-log';
};

export type DbAppSpendDailyRow = {
  instance_id: string;
  day: string;
  seats_held: number | string;
  unused_seats: number | string;
  spend: number | string;
  unpriced_seats: number | string;
  recorded_at_ms: Ms;
};
