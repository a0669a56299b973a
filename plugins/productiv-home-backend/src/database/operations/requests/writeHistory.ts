import { Knex } from 'knex';
import { DbApprovalRow, DbRequestEventRow } from '../../tables';
import { NewApproval, NewEvent } from './types';

/** Asks these approvers, inside a write's transaction. */
export async function insertApprovals(
  trx: Knex.Transaction,
  requestId: string,
  approvals: NewApproval[],
  nowMs: number,
): Promise<void> {
  if (!approvals.length) return;
  await trx<DbApprovalRow>('approvals').insert(
    approvals.map(a => ({
      request_id: requestId,
      level: a.level,
      approver: a.approver,
      via_fallback: a.viaFallback,
      ...(a.viaEscalation ? { via_escalation: true } : {}),
      decision: null,
      decided_at_ms: null,
      reminders_sent: 0,
      requested_at_ms: nowMs,
    })),
  );
}

/** Adds to a request's history, inside a write's transaction. */
export async function insertEvents(
  trx: Knex.Transaction,
  requestId: string,
  events: NewEvent[],
  nowMs: number,
): Promise<void> {
  if (!events.length) return;
  await trx<DbRequestEventRow>('request_events').insert(
    events.map(e => ({
      request_id: requestId,
      at_ms: nowMs,
      actor: e.actor,
      type: e.type,
      level: e.level ?? null,
      comment: e.comment ?? null,
      status: e.status,
      on_behalf_of: e.onBehalfOf?.length ? JSON.stringify(e.onBehalfOf) : null,
    })),
  );
}
