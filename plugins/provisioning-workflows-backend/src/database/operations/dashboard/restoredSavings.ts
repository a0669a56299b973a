import { InventoryDbContext } from '../inventory/types';
import { cents } from './heldSeats';
import { Savings } from './realisedSavings';
import { WEEK_MS, weekPeriods } from './weeks';

/**
 * Monthly savings given back by licenses restored after a reclaim or
 * downgrade, per instance still in Okta: the monthly saving of every
 * restore that is done (table `restores`), to subtract from the realised
 * savings. One grouped query.
 */
export async function restoredSavings(
  ctx: InventoryDbContext,
): Promise<Savings> {
  const rows: Array<{ instance_id: string; saving: number | string | null }> =
    await ctx
      .knex('restores as s')
      .join('app_instances as i', 'i.id', 's.instance_id')
      .whereNot('i.status', 'REMOVED')
      .where('s.status', 'done')
      .groupBy('s.instance_id')
      .select('s.instance_id', ctx.knex.raw('sum(s.monthly_saving) as saving'));
  return new Map(rows.map(r => [r.instance_id, cents(r.saving)]));
}

/**
 * Restored savings per week of {@link weekPeriods} (index 0 the oldest),
 * by when the license was back. One grouped query.
 */
export async function restoredSavingsByWeek(
  ctx: InventoryDbContext,
  nowMs: number,
  weeks: number,
): Promise<Savings> {
  const { knex } = ctx;
  const { startMs, endMs } = weekPeriods(nowMs, weeks);
  const rows: Array<{
    period: number | string;
    saving: number | string | null;
  }> = await knex('restores as s')
    .join('app_instances as i', 'i.id', 's.instance_id')
    .whereNot('i.status', 'REMOVED')
    .where('s.status', 'done')
    .where('s.restored_at_ms', '>=', startMs)
    .where('s.restored_at_ms', '<', endMs)
    .groupByRaw('1')
    .select(
      knex.raw('cast((s.restored_at_ms - ?) / ? as integer) as period', [
        startMs,
        WEEK_MS,
      ]),
      knex.raw('sum(s.monthly_saving) as saving'),
    );
  return new Map(rows.map(r => [String(Number(r.period)), cents(r.saving)]));
}
