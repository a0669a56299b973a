import { Knex } from 'knex';
import { DbAssignmentIntervalRow } from '../../tables';
import { chunks, dayOf } from '../../util';
import { AssignmentRecord, InventoryDbContext } from './types';

/** One interval of an assignment: held through `groupId` (or directly) from `fromMs` until `toMs`. */
export type IntervalRecord = {
  oktaUserId: string;
  scope: 'USER' | 'GROUP';
  groupId?: string;
  fromMs: number;
  /** Exclusive; undefined while it holds. */
  toMs?: number;
  /** Since when the person held the instance without a break. */
  firstSeenMs: number;
  source: 'sync' | 'okta-log';
};

type IntervalRow = Pick<
  DbAssignmentIntervalRow,
  'id' | 'okta_user_id' | 'scope' | 'group_id' | 'first_seen_ms'
>;

const toRow = (instanceId: string, r: IntervalRecord) => ({
  instance_id: instanceId,
  okta_user_id: r.oktaUserId,
  scope: r.scope,
  group_id: r.groupId ?? null,
  from_ms: r.fromMs,
  to_ms: r.toMs ?? null,
  first_seen_ms: r.firstSeenMs,
  first_seen_day: dayOf(r.firstSeenMs),
  source: r.source,
});

/** Whether any assignment history is kept (the System Log's is read once, before the first). */
export async function hasAssignmentHistory(
  ctx: InventoryDbContext,
): Promise<boolean> {
  return Boolean(await ctx.knex('assignment_intervals').first('id'));
}

/**
 * Keeps an instance's assignment intervals in step with the assignments
 * the sync just read, in its transaction: an assignment of another group
 * or scope closes the open interval and opens one from now (held since
 * the same time), a new one opens one from Okta's assignment time (not
 * before the person's last interval ended), a gone one closes at now.
 * With `history` (worked out from the System Log) and no interval of the
 * instance yet, the history is written first.
 */
export async function maintainIntervals(
  trx: Knex.Transaction,
  instanceId: string,
  seen: AssignmentRecord[],
  nowMs: number,
  history?: IntervalRecord[],
): Promise<void> {
  if (history?.length) {
    const any = await trx('assignment_intervals')
      .where({ instance_id: instanceId })
      .first('id');
    if (!any)
      for (const batch of chunks(history, 100))
        await trx('assignment_intervals').insert(
          batch.map(r => toRow(instanceId, r)),
        );
  }
  const open = new Map<string, IntervalRow>();
  const close: Array<number | string> = [];
  for (const row of await trx<DbAssignmentIntervalRow>('assignment_intervals')
    .where({ instance_id: instanceId })
    .whereNull('to_ms')
    .orderBy('from_ms', 'desc')
    .select('id', 'okta_user_id', 'scope', 'group_id', 'first_seen_ms')) {
    // One open interval per person; an extra one (older) is closed.
    if (open.has(row.okta_user_id)) close.push(row.id);
    else open.set(row.okta_user_id, row);
  }
  const lastEnd = new Map<string, number>();
  for (const row of await trx('assignment_intervals')
    .where({ instance_id: instanceId })
    .whereNotNull('to_ms')
    .groupBy('okta_user_id')
    .select('okta_user_id', trx.raw('max(to_ms) as end_ms')))
    lastEnd.set(row.okta_user_id, Number(row.end_ms));
  const inserts: IntervalRecord[] = [];
  for (const a of seen) {
    const o = open.get(a.oktaUserId);
    open.delete(a.oktaUserId);
    if (o && o.scope === a.scope && o.group_id === (a.groupId ?? null))
      continue;
    if (o) {
      close.push(o.id);
      inserts.push({
        oktaUserId: a.oktaUserId,
        scope: a.scope,
        groupId: a.groupId,
        fromMs: nowMs,
        firstSeenMs: Number(o.first_seen_ms),
        source: 'sync',
      });
      continue;
    }
    const from = Math.max(
      Math.min(a.assignedMs ?? nowMs, nowMs),
      lastEnd.get(a.oktaUserId) ?? Number.MIN_SAFE_INTEGER,
    );
    inserts.push({
      oktaUserId: a.oktaUserId,
      scope: a.scope,
      groupId: a.groupId,
      fromMs: from,
      firstSeenMs: from,
      source: 'sync',
    });
  }
  for (const o of open.values()) close.push(o.id);
  for (const batch of chunks(close, 500))
    await trx('assignment_intervals')
      .whereIn('id', batch)
      .update({ to_ms: nowMs });
  for (const batch of chunks(inserts, 100))
    await trx('assignment_intervals').insert(
      batch.map(r => toRow(instanceId, r)),
    );
}
