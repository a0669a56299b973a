import { DbGrantRow } from '../../tables';

/** Where a grant stands. */
export type GrantStatus = 'active' | 'expiring' | 'removed' | 'ended';

/** Time-bound access: what a fulfilled request with a duration granted. */
export type Grant = {
  /** The request that granted it. */
  requestId: string;
  requester: string;
  appKey: string;
  tier: string;
  /** The approver of record (the last to approve), if any. */
  approver?: string;
  grantedAtMs: number;
  expiresAtMs: number;
  status: GrantStatus;
  /** When the inventory last showed the holding. */
  seenAtMs?: number;
  endedAtMs?: number;
  endReason?: string;
  /** The `expire` request that removes it. */
  removalRequestId?: string;
  version: number;
};

/** What a request's change does to time-bound access, in its transaction. */
export type GrantChange =
  /** A grant fulfilled: its access lasts until `expiresAtMs`. */
  | {
      op: 'create';
      requestId: string;
      requester: string;
      appKey: string;
      tier: string;
      approver?: string;
      expiresAtMs: number;
    }
  /** An extension approved while the grant is active: a later expiry. */
  | { op: 'extend'; grantId: string; expiresAtMs: number }
  /** The removal at expiry done. */
  | { op: 'removed'; grantId: string }
  /** The person gave the tier back: its grants end. */
  | { op: 'returned'; requester: string; appKey: string; tier: string };

export const DAY_MS = 24 * 60 * 60 * 1000;

const num = (v: number | string | null) =>
  v === null || v === undefined ? undefined : Number(v);

export function toGrant(row: DbGrantRow): Grant {
  return {
    requestId: row.request_id,
    requester: row.requester,
    appKey: row.app_key,
    tier: row.tier,
    approver: row.approver ?? undefined,
    grantedAtMs: Number(row.granted_at_ms),
    expiresAtMs: Number(row.expires_at_ms),
    status: row.status as GrantStatus,
    seenAtMs: num(row.seen_at_ms),
    endedAtMs: num(row.ended_at_ms),
    endReason: row.end_reason ?? undefined,
    removalRequestId: row.removal_request_id ?? undefined,
    version: Number(row.version),
  };
}
