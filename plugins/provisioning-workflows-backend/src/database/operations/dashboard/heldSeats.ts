import { DAY_MS } from '../../util';
import { InventoryDbContext } from '../inventory/types';

/** The seats of one instance now. */
export type HeldSeats = {
  instanceId: string;
  seatsHeld: number;
  unusedSeats: number;
  monthlySpend: number;
  unpricedSeats: number;
};

/**
 * Seats held now per instance still in Okta: current assignments, those
 * with no sign-in to the instance in the 30 days before `nowMs`, and what
 * they cost (the price of the tier whose group grants the seat). One
 * grouped query over every instance.
 */
export async function heldSeats(
  ctx: InventoryDbContext,
  nowMs: number,
): Promise<HeldSeats[]> {
  const { knex } = ctx;
  const cutoff = nowMs - 30 * DAY_MS;
  const rows: Array<{
    instance_id: string;
    seats: number | string;
    unused: number | string | null;
    spend: number | string | null;
    unpriced: number | string | null;
  }> = await knex('assignments as a')
    .join('app_instances as i', 'i.id', 'a.instance_id')
    .leftJoin('license_tiers as t', join =>
      join
        .on('t.instance_id', 'a.instance_id')
        .andOn('t.group_id', 'a.group_id'),
    )
    .leftJoin('activity_last as l', join =>
      join
        .on('l.instance_id', 'a.instance_id')
        .andOn('l.okta_user_id', 'a.okta_user_id'),
    )
    .whereNull('a.removed_ms')
    .whereNot('i.status', 'REMOVED')
    .groupBy('a.instance_id')
    .select(
      'a.instance_id',
      knex.raw('count(*) as seats'),
      knex.raw(
        'sum(case when l.last_sign_in_ms >= ? then 0 else 1 end) as unused',
        [cutoff],
      ),
      knex.raw('sum(t.monthly_price) as spend'),
      knex.raw(
        'sum(case when t.monthly_price is null then 1 else 0 end) as unpriced',
      ),
    );
  return rows.map(r => ({
    instanceId: r.instance_id,
    seatsHeld: Number(r.seats),
    unusedSeats: Number(r.unused ?? 0),
    monthlySpend: cents(r.spend),
    unpricedSeats: Number(r.unpriced ?? 0),
  }));
}

/** A decimal sum as a number of whole cents' precision; null as 0. */
export function cents(v: number | string | null | undefined): number {
  return Math.round(Number(v ?? 0) * 100) / 100;
}
