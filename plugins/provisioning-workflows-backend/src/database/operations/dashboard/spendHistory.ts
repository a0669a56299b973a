import { DbAppSpendDailyRow } from '../../tables';
import { InventoryDbContext } from '../inventory/types';
import { cents } from './heldSeats';
import { weekPeriods } from './weeks';

/**
 * Monthly spend per week of {@link weekPeriods} (index 0 the oldest): the
 * spend of every instance on the week's last day with a snapshot (a sync
 * writes every instance's row of its day); a week with no snapshot has
 * none (undefined). One query.
 */
export async function spendHistory(
  ctx: InventoryDbContext,
  nowMs: number,
  weeks: number,
): Promise<Array<number | undefined>> {
  const { periods } = weekPeriods(nowMs, weeks);
  const rows: Array<Pick<DbAppSpendDailyRow, 'day' | 'spend'>> = await ctx
    .knex('app_spend_daily')
    .where('day', '>=', periods[0].from)
    .where('day', '<=', periods[periods.length - 1].to)
    .orderBy('day')
    .select('day', 'spend');
  const last: Array<{ day: string; spend: number } | undefined> = periods.map(
    () => undefined,
  );
  for (const r of rows) {
    const week = periods.findIndex(p => r.day <= p.to);
    const current = last[week];
    // Ordered by day: a later day of the week replaces the earlier one.
    if (!current || current.day < r.day) {
      last[week] = { day: r.day, spend: Number(r.spend) };
    } else {
      current.spend += Number(r.spend);
    }
  }
  return last.map(w => (w ? cents(w.spend) : undefined));
}
