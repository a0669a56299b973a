import { InventoryDbContext } from '../inventory/types';
import { cents } from './heldSeats';
import { WEEK_MS, weekPeriods } from './weeks';

/** Monthly savings per key: an instance, or a period index. */
export type Savings = Map<string, number>;

/**
 * Realised savings per instance: the monthly saving of every action that
 * finished runs carried out (`done`, dry runs left out), on instances still
 * in Okta, as the dashboard's apps. One grouped query.
 */
export async function realisedSavings(
  ctx: InventoryDbContext,
): Promise<Savings> {
  const rows: Array<{ instance_id: string; saving: number | string | null }> =
    await ctx
      .knex('workflow_actions as w')
      .join('workflow_runs as r', 'r.id', 'w.run_id')
      .join('app_instances as i', 'i.id', 'w.instance_id')
      .whereNot('i.status', 'REMOVED')
      .where('w.status', 'done')
      .where('r.dry_run', false)
      .groupBy('w.instance_id')
      .select('w.instance_id', ctx.knex.raw('sum(w.monthly_saving) as saving'));
  return new Map(rows.map(r => [r.instance_id, cents(r.saving)]));
}

/**
 * Realised savings per week: the monthly saving of the actions done in
 * each of the `weeks` weeks of {@link weekPeriods} (index 0 the oldest),
 * over the same actions as {@link realisedSavings}. One grouped query.
 */
export async function realisedSavingsByWeek(
  ctx: InventoryDbContext,
  nowMs: number,
  weeks: number,
): Promise<Savings> {
  const { knex } = ctx;
  const { startMs, endMs } = weekPeriods(nowMs, weeks);
  const rows: Array<{
    period: number | string;
    saving: number | string | null;
  }> = await knex('workflow_actions as w')
    .join('workflow_runs as r', 'r.id', 'w.run_id')
    .join('app_instances as i', 'i.id', 'w.instance_id')
    .whereNot('i.status', 'REMOVED')
    .where('w.status', 'done')
    .where('r.dry_run', false)
    .where('w.updated_at_ms', '>=', startMs)
    .where('w.updated_at_ms', '<', endMs)
    .groupByRaw('1')
    .select(
      // The week's index: integer division on both databases.
      knex.raw('cast((w.updated_at_ms - ?) / ? as integer) as period', [
        startMs,
        WEEK_MS,
      ]),
      knex.raw('sum(w.monthly_saving) as saving'),
    );
  return new Map(rows.map(r => [String(Number(r.period)), cents(r.saving)]));
}
