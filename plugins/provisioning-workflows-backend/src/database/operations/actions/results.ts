import { WorkflowActionStatus } from '@internal/plugin-provisioning-workflows-common';
import {
  DbActivityDailyRow,
  DbActivityLastRow,
  DbAssignmentRow,
  DbPersonRow,
} from '../../tables';
import { DAY_MS, dayOf, num } from '../../util';
import { WorkflowDbContext } from '../context';

/** Actions counted by status for an instance, and their savings when done. */
export async function actionTotals(
  ctx: WorkflowDbContext,
  instanceId: string,
): Promise<{
  counts: Partial<Record<WorkflowActionStatus, number>>;
  monthlySaving: number;
}> {
  const rows: Array<{
    status: WorkflowActionStatus;
    n: number | string;
    saving: number | string | null;
  }> = await ctx
    .knex('workflow_actions as w')
    .join('workflow_runs as r', 'r.id', 'w.run_id')
    .where('w.instance_id', instanceId)
    .where('r.dry_run', false)
    .groupBy('w.status')
    .select(
      'w.status',
      ctx.knex.raw('count(*) as n'),
      ctx.knex.raw('sum(w.monthly_saving) as saving'),
    );
  const counts: Partial<Record<WorkflowActionStatus, number>> = {};
  let monthlySaving = 0;
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    if (r.status === 'done') monthlySaving = Number(r.saving ?? 0);
  }
  return { counts, monthlySaving: Math.round(monthlySaving * 100) / 100 };
}

/**
 * Licenses held and people who signed in, per week over `days` days:
 * assignments alive at the end of each week, distinct people with a
 * sign-in during it.
 */
export async function resultsSeries(
  ctx: WorkflowDbContext,
  instanceId: string,
  nowMs: number,
  days: number,
): Promise<Array<{ day: string; provisioned: number; engaged: number }>> {
  const weeks = Math.ceil(days / 7);
  const ends = Array.from(
    { length: weeks },
    (_, i) => nowMs - (weeks - 1 - i) * 7 * DAY_MS,
  );
  const assignments: Array<
    Pick<DbAssignmentRow, 'first_seen_ms' | 'removed_ms'>
  > = await ctx
    .knex('assignments')
    .where({ instance_id: instanceId })
    .select('first_seen_ms', 'removed_ms');
  const active: Array<Pick<DbActivityDailyRow, 'okta_user_id' | 'day'>> =
    await ctx
      .knex('activity_daily')
      .where({ instance_id: instanceId })
      .where('day', '>', dayOf(ends[0] - 7 * DAY_MS))
      .where('sign_ins', '>', 0)
      .select('okta_user_id', 'day');
  return ends.map(end => {
    const provisioned = assignments.filter(
      a =>
        Number(a.first_seen_ms) <= end &&
        (a.removed_ms === null || Number(a.removed_ms) > end),
    ).length;
    const from = dayOf(end - 7 * DAY_MS);
    const to = dayOf(end);
    const engaged = new Set(
      active.filter(r => r.day > from && r.day <= to).map(r => r.okta_user_id),
    ).size;
    return { day: to, provisioned, engaged };
  });
}

export async function openSuggestions(
  ctx: WorkflowDbContext,
  instanceIds?: string[],
): Promise<Map<string, number>> {
  const q = ctx
    .knex('workflow_actions')
    .where({ status: 'suggested' })
    .groupBy('instance_id')
    .select('instance_id', ctx.knex.raw('count(*) as n'));
  if (instanceIds) q.whereIn('instance_id', instanceIds);
  const rows: Array<{ instance_id: string; n: number | string }> = await q;
  return new Map(rows.map(r => [r.instance_id, Number(r.n)]));
}

/** The latest sign-in of a person on an instance, as ingested. */
export async function lastSignIn(
  ctx: WorkflowDbContext,
  oktaUserId: string,
  instanceId: string,
): Promise<number | undefined> {
  const row = await ctx
    .knex<DbActivityLastRow>('activity_last')
    .where({ okta_user_id: oktaUserId, instance_id: instanceId })
    .first();
  return num(row?.last_sign_in_ms);
}

/**
 * The tier a person holds on an instance now, from the inventory: the tier
 * whose group assigns them, with its rank. Undefined when they are no
 * longer assigned, or hold no tier (assigned directly or by another group).
 */
export async function currentTierOf(
  ctx: WorkflowDbContext,
  oktaUserId: string,
  instanceId: string,
): Promise<{ tier: string; rank: number } | undefined> {
  const row = await ctx
    .knex('assignments as a')
    .join('license_tiers as t', join =>
      join
        .on('t.instance_id', 'a.instance_id')
        .andOn('t.group_id', 'a.group_id'),
    )
    .where({ 'a.okta_user_id': oktaUserId, 'a.instance_id': instanceId })
    .whereNull('a.removed_ms')
    .first('t.tier', 't.rank');
  return row ? { tier: row.tier, rank: Number(row.rank) } : undefined;
}

/** The person behind a catalog user, for opt-outs. */
export async function oktaUserIdOf(
  ctx: WorkflowDbContext,
  entityRef: string,
): Promise<string | undefined> {
  const row = await ctx
    .knex<DbPersonRow>('people')
    .where({ entity_ref: entityRef })
    .whereNotNull('okta_user_id')
    .first();
  return row?.okta_user_id ?? undefined;
}

export async function entityRefOf(
  ctx: WorkflowDbContext,
  oktaUserId: string,
): Promise<string | undefined> {
  const row = await ctx
    .knex<DbPersonRow>('people')
    .where({ okta_user_id: oktaUserId })
    .whereNotNull('entity_ref')
    .first();
  return row?.entity_ref ?? undefined;
}
