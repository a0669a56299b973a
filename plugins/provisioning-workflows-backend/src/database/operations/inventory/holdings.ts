import { PersonHolding } from '@internal/plugin-provisioning-workflows-common';
import { iso, num } from '../../util';
import { appNames } from './people';
import { suggestDisplayName } from './suggestedTiers';
import { InventoryDbContext } from './types';

/**
 * What an Okta user holds now: their current assignments to instances still
 * in Okta, each with the tier whose group grants it, since when and their
 * last sign-in; by app name, then instance label.
 */
export async function listHoldings(
  ctx: InventoryDbContext,
  oktaUserId: string,
): Promise<PersonHolding[]> {
  const rows: Array<{
    instance_id: string;
    app_key: string;
    label: string;
    group_id: string | null;
    group_name: string | null;
    tier: string | null;
    display_name: string | null;
    first_seen_ms: number | string;
    last_sign_in_ms: number | string | null;
  }> = await ctx
    .knex('assignments as a')
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
    .where('a.okta_user_id', oktaUserId)
    .whereNull('a.removed_ms')
    .whereNot('i.status', 'REMOVED')
    .select(
      'a.instance_id',
      'i.app_key',
      'i.label',
      'a.group_id',
      'g.group_name',
      't.tier',
      't.display_name',
      'a.first_seen_ms',
      'l.last_sign_in_ms',
    );
  if (rows.length === 0) return [];
  const names = await appNames(ctx);
  return rows
    .map(r => {
      const holding: PersonHolding = {
        instanceId: r.instance_id,
        appKey: r.app_key,
        appName: names.get(r.app_key) ?? r.label,
        instanceLabel: r.label,
        assignedAt: iso(Number(r.first_seen_ms))!,
      };
      if (r.tier) {
        holding.tier = r.tier;
        holding.tierDisplayName =
          r.display_name ??
          suggestDisplayName(r.tier, r.group_name ?? undefined, r.label);
      }
      if (r.group_id) holding.groupId = r.group_id;
      const last = num(r.last_sign_in_ms);
      if (last !== undefined) holding.lastSignIn = iso(last);
      return holding;
    })
    .sort(
      (a, b) =>
        a.appName.localeCompare(b.appName) ||
        a.instanceLabel.localeCompare(b.instanceLabel),
    );
}
