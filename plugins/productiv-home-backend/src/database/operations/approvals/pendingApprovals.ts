import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { DbRequestRow } from '../../tables';
import { withDetails } from '../requests/readRequests';

/** An undecided approval of the level a pending request waits on. */
export type PendingApproval = {
  requestId: string;
  level: number;
  approver: string;
  remindersSent: number;
  requestedAtMs: number;
};

const waiting = (knex: Knex) =>
  knex('approvals as a')
    .join('requests as r', join =>
      join.on('r.id', 'a.request_id').andOn('r.level', 'a.level'),
    )
    .where('r.status', 'pending_approval')
    .whereNull('a.decision');

/** Every approval that pending requests wait on (for reminders). */
export async function listPendingApprovals(
  knex: Knex,
): Promise<PendingApproval[]> {
  const rows = await waiting(knex).select(
    'a.request_id',
    'a.level',
    'a.approver',
    'a.reminders_sent',
    'a.requested_at_ms',
  );
  return rows.map(r => ({
    requestId: r.request_id,
    level: Number(r.level),
    approver: r.approver,
    remindersSent: Number(r.reminders_sent),
    requestedAtMs: Number(r.requested_at_ms),
  }));
}

/** Requests waiting for this approver's decision (their approvals inbox), oldest first. */
export async function listAwaiting(
  knex: Knex,
  approver: string,
  limit = 100,
): Promise<AccessRequest[]> {
  const rows: DbRequestRow[] = await waiting(knex)
    .where('a.approver', approver)
    .orderBy('r.created_at_ms')
    .limit(limit)
    .select('r.*');
  return withDetails(knex, rows);
}
