import { TeamAppUsage } from '@internal/plugin-provisioning-workflows-common';
import { chunks, DAY_MS } from '../../util';
import { appNames } from '../inventory/people';
import { suggestDisplayName } from '../inventory/suggestedTiers';
import { InventoryDbContext } from '../inventory/types';

type Row = {
  instance_id: string;
  app_key: string;
  label: string;
  tier: string | null;
  display_name: string | null;
  rank: number | string | null;
  group_name: string | null;
  seats: number | string;
  active: number | string;
};

/**
 * The seats a team's members hold now, per app instance and tier, and how
 * many of those members signed in to the instance since 30 days: counted
 * in SQL over current assignments of instances still in Okta. By app name,
 * then instance label, lowest tier first (a seat of no known tier last).
 */
export async function teamUsage(
  ctx: InventoryDbContext,
  memberRefs: string[],
  nowMs: number,
): Promise<TeamAppUsage[]> {
  const cutoff = nowMs - 30 * DAY_MS;
  const { knex } = ctx;
  const totals = new Map<string, { row: Row; seats: number; active: number }>();
  // A person is in one batch only, so the batches' counts add up.
  for (const batch of chunks([...new Set(memberRefs)], 500)) {
    const rows: Row[] = await knex('people as p')
      .join('assignments as a', 'a.okta_user_id', 'p.okta_user_id')
      .join('app_instances as i', 'i.id', 'a.instance_id')
      .leftJoin('license_tiers as t', join =>
        join
          .on('t.instance_id', 'a.instance_id')
          .andOn('t.group_id', 'a.group_id'),
      )
      .leftJoin('instance_groups as g', join =>
        join
          .on('g.instance_id', 'a.instance_id')
          .andOn('g.group_id', 'a.group_id'),
      )
      .leftJoin('activity_last as l', join =>
        join
          .on('l.instance_id', 'a.instance_id')
          .andOn('l.okta_user_id', 'a.okta_user_id'),
      )
      .whereIn('p.entity_ref', batch)
      .whereNull('a.removed_ms')
      .whereNot('i.status', 'REMOVED')
      .groupBy(
        'a.instance_id',
        'i.app_key',
        'i.label',
        't.tier',
        't.display_name',
        't.rank',
      )
      .select(
        'a.instance_id',
        'i.app_key',
        'i.label',
        't.tier',
        't.display_name',
        't.rank',
        knex.raw('max(g.group_name) as group_name'),
        knex.raw('count(distinct a.okta_user_id) as seats'),
        knex.raw(
          'count(distinct case when l.last_sign_in_ms >= ? then a.okta_user_id end) as active',
          [cutoff],
        ),
      );
    for (const row of rows) {
      const key = `${row.instance_id}\n${row.tier ?? ''}`;
      const total = totals.get(key) ?? { row, seats: 0, active: 0 };
      total.seats += Number(row.seats);
      total.active += Number(row.active);
      totals.set(key, total);
    }
  }
  if (totals.size === 0) return [];
  const names = await appNames(ctx);
  return [...totals.values()]
    .sort(
      (a, b) =>
        (names.get(a.row.app_key) ?? a.row.label).localeCompare(
          names.get(b.row.app_key) ?? b.row.label,
        ) ||
        a.row.label.localeCompare(b.row.label) ||
        rankOf(a.row) - rankOf(b.row),
    )
    .map(({ row, seats, active }) => {
      const usage: TeamAppUsage = {
        instanceId: row.instance_id,
        appKey: row.app_key,
        appName: names.get(row.app_key) ?? row.label,
        instanceLabel: row.label,
        seats,
        activeUsers: active,
      };
      if (row.tier) {
        usage.tier = row.tier;
        usage.tierDisplayName =
          row.display_name ??
          suggestDisplayName(row.tier, row.group_name ?? undefined, row.label);
      }
      return usage;
    });
}

/** A tier's place, lowest first; seats of no known tier come last. */
function rankOf(row: Row): number {
  return row.rank === null || row.tier === null
    ? Number.MAX_SAFE_INTEGER
    : Number(row.rank);
}
