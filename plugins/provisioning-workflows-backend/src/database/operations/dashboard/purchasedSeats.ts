import { InventoryDbContext } from '../inventory/types';
import { cents } from './heldSeats';

/** The seats bought for one instance, over its tiers with a seat count. */
export type PurchasedSeats = {
  instanceId: string;
  seats: number;
  /** Seats times price, over the tiers that have both. */
  monthlySpend: number;
};

/** Purchased seats per instance, from the tiers' seat counts: one grouped query. */
export async function purchasedSeats(
  ctx: InventoryDbContext,
): Promise<PurchasedSeats[]> {
  const { knex } = ctx;
  const rows: Array<{
    instance_id: string;
    seats: number | string;
    spend: number | string | null;
  }> = await knex('license_tiers as t')
    .join('app_instances as i', 'i.id', 't.instance_id')
    .whereNotNull('t.seats')
    .whereNot('i.status', 'REMOVED')
    .groupBy('t.instance_id')
    .select(
      't.instance_id',
      knex.raw('sum(t.seats) as seats'),
      knex.raw('sum(t.seats * t.monthly_price) as spend'),
    );
  return rows.map(r => ({
    instanceId: r.instance_id,
    seats: Number(r.seats),
    monthlySpend: cents(r.spend),
  }));
}
