import { dayOf } from '../../util';
import { InventoryDbContext } from '../inventory/types';
import { heldSeats } from './heldSeats';

/**
 * Records today's (UTC) seats, unused seats and spend of every instance in
 * `app_spend_daily`, from the same figures the dashboard shows. Idempotent
 * per day: a second sync on the same day overwrites the day's rows. Returns
 * the number of instances recorded.
 */
export async function writeSpendSnapshot(
  ctx: InventoryDbContext,
  nowMs: number,
): Promise<number> {
  const day = dayOf(nowMs);
  const rows = (await heldSeats(ctx, nowMs)).map(h => ({
    instance_id: h.instanceId,
    day,
    seats_held: h.seatsHeld,
    unused_seats: h.unusedSeats,
    spend: h.monthlySpend,
    unpriced_seats: h.unpricedSeats,
    recorded_at_ms: nowMs,
  }));
  await ctx.knex.transaction(async trx => {
    // Instances with no seat left today have no row today.
    await trx('app_spend_daily').where({ day }).delete();
    for (let i = 0; i < rows.length; i += 500) {
      await trx('app_spend_daily').insert(rows.slice(i, i + 500));
    }
  });
  return rows.length;
}
