/**
 * Row shapes of the plugin's tables, as knex reads and writes them. SQLite
 * returns numbers and 0/1 for what PostgreSQL returns as strings and
 * booleans, so the mapping to the model (in `operations/`) normalises them.
 */

/** `home_settings`: global settings, one JSON document per key. */
export type DbSettingsRow = {
  key: string;
  value: string;
  updated_by: string;
  updated_at: Date | string;
};

/** `home_apps`: the apps offered in Home, as JSON `HomeApp` documents. */
export type DbHomeAppRow = {
  app_key: string;
  definition: string;
  updated_by: string;
  updated_at_ms: number | string;
};

/** `home_app_owners`: the owners of each app, for permission SQL. */
export type DbHomeAppOwnerRow = {
  app_key: string;
  owner: string;
};

/** `home_catalog_state`: one row, the version of the catalog and settings. */
export type DbCatalogStateRow = {
  id: number;
  version: number | string;
};

/** `requests`: access requests. */
export type DbRequestRow = {
  id: string;
  requester: string;
  app_key: string;
  tier: string;
  /** The tier held when asking, for a tier change. */
  from_tier?: string | null;
  /** `grant` (the default) or `return`: the requester gives `tier` back. */
  kind?: string;
  /** Days of access asked for; null when permanent. */
  access_days?: number | null;
  /** For `extend` and `expire` requests: the grant (its request's id). */
  grant_id?: string | null;
  justification: string | null;
  status: string;
  level: number | string | null;
  version: number | string;
  created_at_ms: number | string;
  updated_at_ms: number | string;
  fulfillment_provider: string | null;
  external_id: string | null;
  external_url: string | null;
  failure_reason: string | null;
};

/** `approvals`: who is asked at each level of a request, and what they decided. */
export type DbApprovalRow = {
  request_id: string;
  level: number | string;
  approver: string;
  via_fallback: boolean | number;
  /** Asked because the level was overdue (escalation). */
  via_escalation?: boolean | number;
  decision: string | null;
  decided_at_ms: number | string | null;
  reminders_sent: number | string;
  requested_at_ms: number | string;
};

/** `request_events`: the history of every request. */
export type DbRequestEventRow = {
  id?: number | string;
  request_id: string;
  at_ms: number | string;
  actor: string;
  type: string;
  level: number | string | null;
  comment: string | null;
  status: string;
  /** JSON array of entity refs: the approvers an admin decided for. */
  on_behalf_of?: string | null;
};

/** `request_escalations`: one row per escalated approval level, ever. */
export type DbRequestEscalationRow = {
  request_id: string;
  level: number | string;
  escalated_at_ms: number | string;
  /** JSON array of the entity refs asked because of it. */
  approvers: string;
};

/** `home_grants`: time-bound access, one row per fulfilled request that asked for a duration. */
export type DbGrantRow = {
  request_id: string;
  requester: string;
  app_key: string;
  tier: string;
  approver: string | null;
  granted_at_ms: number | string;
  expires_at_ms: number | string;
  /** `active`, `expiring` (its removal was requested), `removed`, `ended`. */
  status: string;
  seen_at_ms: number | string | null;
  ended_at_ms: number | string | null;
  end_reason: string | null;
  removal_request_id: string | null;
  version: number | string;
};
