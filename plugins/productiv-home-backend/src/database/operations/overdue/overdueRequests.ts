import { Knex } from 'knex';
import { DbRequestRow } from '../../tables';

/** A pending request whose level has waited since `askedAtMs`, not escalated yet. */
export type EscalationCandidate = {
  requestId: string;
  appKey: string;
  level: number;
  /** When the level's first approvers were asked. */
  askedAtMs: number;
};

/** A request that has waited for approval since `createdAtMs`. */
export type ExpiryCandidate = {
  requestId: string;
  appKey: string;
  createdAtMs: number;
};

/**
 * Pending requests whose level was asked at or before `askedBeforeMs` and
 * has not been escalated, oldest first. Only the approvers asked when the
 * level began count: one added by an escalation never makes a level look
 * younger.
 */
export async function listEscalationCandidates(
  knex: Knex,
  askedBeforeMs: number,
  page: { limit: number; offset: number } = { limit: 200, offset: 0 },
): Promise<EscalationCandidate[]> {
  const rows: Array<{
    id: string;
    app_key: string;
    level: number | string;
    asked_at_ms: number | string;
  }> = await knex('requests as r')
    .join('approvals as a', join =>
      join.on('a.request_id', 'r.id').andOn('a.level', 'r.level'),
    )
    .leftJoin('request_escalations as e', join =>
      join.on('e.request_id', 'r.id').andOn('e.level', 'r.level'),
    )
    .where('r.status', 'pending_approval')
    .where('a.via_escalation', false)
    .whereNull('e.request_id')
    .groupBy('r.id', 'r.app_key', 'r.level')
    .havingRaw('min(a.requested_at_ms) <= ?', [askedBeforeMs])
    .orderByRaw('min(a.requested_at_ms), r.id')
    .limit(page.limit)
    .offset(page.offset)
    .select(
      'r.id',
      'r.app_key',
      'r.level',
      knex.raw('min(a.requested_at_ms) as asked_at_ms'),
    );
  return rows.map(r => ({
    requestId: r.id,
    appKey: r.app_key,
    level: Number(r.level),
    askedAtMs: Number(r.asked_at_ms),
  }));
}

/**
 * Requests pending since `createdBeforeMs` or earlier, oldest first. A
 * caller that leaves some of them pending pages on with `offset`: those it
 * closed are gone from the next page.
 */
export async function listExpiryCandidates(
  knex: Knex,
  createdBeforeMs: number,
  page: { limit: number; offset: number } = { limit: 200, offset: 0 },
): Promise<ExpiryCandidate[]> {
  const rows = await knex<DbRequestRow>('requests')
    .where('status', 'pending_approval')
    .where('created_at_ms', '<=', createdBeforeMs)
    .orderBy(['created_at_ms', 'id'])
    .limit(page.limit)
    .offset(page.offset)
    .select('id', 'app_key', 'created_at_ms');
  return rows.map(r => ({
    requestId: r.id,
    appKey: r.app_key,
    createdAtMs: Number(r.created_at_ms),
  }));
}
