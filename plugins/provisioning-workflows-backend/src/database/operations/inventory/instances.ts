import {
  App,
  AppInstance,
  LicenseTier,
  LicenseTierInput,
} from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';
import {
  DbAppInstanceRow,
  DbInstanceGroupRow,
  DbLicenseTierRow,
} from '../../tables';
import {
  suggestDisplayName,
  suggestTierName,
  suggestTierOrder,
} from './suggestedTiers';
import { InventoryDbContext, InstanceRecord, SyncCounts } from './types';

export { suggestTierName } from './suggestedTiers';

/**
 * Upserts the instances seen in Okta; instances missing from `seen` are
 * marked REMOVED (never deleted). Tiers are suggested from the group
 * assignments for instances without admin-configured tiers.
 */
export async function syncInstances(
  ctx: InventoryDbContext,
  seen: InstanceRecord[],
  nowMs: number,
): Promise<SyncCounts> {
  return ctx.knex.transaction(async trx => {
    const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
    const existing = new Map<string, DbAppInstanceRow>();
    for (const row of await trx<DbAppInstanceRow>('app_instances').select())
      existing.set(row.id, row);
    for (const inst of seen) {
      const old = existing.get(inst.id);
      existing.delete(inst.id);
      const row = {
        app_key: inst.appKey,
        label: inst.label,
        status: inst.status,
        sign_on_mode: inst.signOnMode ?? null,
        removed_ms: null,
      };
      if (!old) {
        await trx('app_instances').insert({
          id: inst.id,
          first_seen_ms: nowMs,
          ...row,
        });
        counts.added++;
      } else if (
        old.app_key !== row.app_key ||
        old.label !== row.label ||
        old.status !== row.status ||
        old.sign_on_mode !== row.sign_on_mode ||
        old.removed_ms !== null
      ) {
        await trx('app_instances').where({ id: inst.id }).update(row);
        counts.updated++;
      }
      if (await replaceGroups(trx, inst)) {
        if (old) counts.updated++;
      }
      await refreshSuggestedTiers(trx, inst, nowMs);
    }
    for (const [id, old] of existing) {
      if (old.status !== 'REMOVED') {
        await trx('app_instances')
          .where({ id })
          .update({ status: 'REMOVED', removed_ms: nowMs });
        await trx('assignments')
          .where({ instance_id: id })
          .whereNull('removed_ms')
          .update({ removed_ms: nowMs });
        counts.removed++;
      }
    }
    return counts;
  });
}

async function replaceGroups(
  trx: Knex.Transaction,
  inst: InstanceRecord,
): Promise<boolean> {
  const have = new Map<string, DbInstanceGroupRow>();
  for (const row of await trx<DbInstanceGroupRow>('instance_groups').where({
    instance_id: inst.id,
  }))
    have.set(row.group_id, row);
  const want = inst.groups;
  const same =
    have.size === want.length &&
    want.every(
      g =>
        have.get(g.id)?.group_name === g.name &&
        Number(have.get(g.id)?.priority) === g.priority,
    );
  if (same) return false;
  await trx('instance_groups').where({ instance_id: inst.id }).delete();
  if (want.length) {
    await trx('instance_groups').insert(
      want.map(g => ({
        instance_id: inst.id,
        group_id: g.id,
        group_name: g.name,
        priority: g.priority,
      })),
    );
  }
  return true;
}

async function refreshSuggestedTiers(
  trx: Knex.Transaction,
  inst: InstanceRecord,
  nowMs: number,
) {
  const tiers: DbLicenseTierRow[] = await trx('license_tiers').where({
    instance_id: inst.id,
  });
  if (tiers.some(t => t.source === 'admin')) return;
  const suggested = suggestTierOrder(
    inst.groups.map(g => ({
      tier: suggestTierName(g.name, inst.label),
      priority: g.priority,
      group: g,
    })),
  ).map(({ tier, group }, rank) => ({
    tier,
    group_id: group.id,
    display_name: suggestDisplayName(tier, group.name, inst.label),
    rank,
  }));
  const same =
    tiers.length === suggested.length &&
    suggested.every(s =>
      tiers.some(
        t =>
          t.tier === s.tier &&
          t.group_id === s.group_id &&
          t.display_name === s.display_name &&
          Number(t.rank) === s.rank,
      ),
    );
  if (same) return;
  await trx('license_tiers').where({ instance_id: inst.id }).delete();
  if (suggested.length) {
    await trx('license_tiers').insert(
      suggested.map(s => ({
        instance_id: inst.id,
        ...s,
        description: null,
        seats: null,
        monthly_price: null,
        source: 'suggested',
        updated_by: null,
        updated_at_ms: nowMs,
      })),
    );
  }
}

/** Sets the tiers of an instance, lowest first, as an admin configures them. */
export async function putTiers(
  ctx: InventoryDbContext,
  instanceId: string,
  tiers: LicenseTierInput[],
  updatedBy: string,
  nowMs: number,
) {
  await ctx.knex.transaction(async trx => {
    await trx('license_tiers').where({ instance_id: instanceId }).delete();
    if (tiers.length) {
      await trx('license_tiers').insert(
        tiers.map((t, rank) => ({
          instance_id: instanceId,
          tier: t.tier,
          group_id: t.groupId ?? null,
          display_name: t.displayName ?? null,
          description: t.description ?? null,
          seats: t.seats ?? null,
          monthly_price: t.monthlyPrice ?? null,
          source: 'admin',
          rank,
          updated_by: updatedBy,
          updated_at_ms: nowMs,
        })),
      );
    }
  });
}

export async function getInstance(
  ctx: InventoryDbContext,
  instanceId: string,
): Promise<AppInstance | undefined> {
  const apps = await listApps(ctx, { instanceId });
  return apps[0]?.instances[0];
}

export async function listApps(
  ctx: InventoryDbContext,
  filter: { instanceId?: string } = {},
): Promise<App[]> {
  const instanceQuery = ctx
    .knex<DbAppInstanceRow>('app_instances')
    .orderBy('label');
  if (filter.instanceId) instanceQuery.where({ id: filter.instanceId });
  const instances: DbAppInstanceRow[] = await instanceQuery;
  if (instances.length === 0) return [];
  const ids = instances.map(i => i.id);
  const groups: DbInstanceGroupRow[] = await ctx
    .knex('instance_groups')
    .whereIn('instance_id', ids)
    .orderBy('priority');
  const tiers: DbLicenseTierRow[] = await ctx
    .knex('license_tiers')
    .whereIn('instance_id', ids)
    .orderBy('rank');
  const assigned: Array<{ instance_id: string; n: number | string }> = await ctx
    .knex('assignments')
    .whereIn('instance_id', ids)
    .whereNull('removed_ms')
    .groupBy('instance_id')
    .select('instance_id', ctx.knex.raw('count(*) as n'));
  const held: Array<{
    instance_id: string;
    group_id: string;
    n: number | string;
  }> = await ctx
    .knex('assignments')
    .whereIn('instance_id', ids)
    .whereNull('removed_ms')
    .whereNotNull('group_id')
    .groupBy('instance_id', 'group_id')
    .select('instance_id', 'group_id', ctx.knex.raw('count(*) as n'));
  const groupName = new Map(
    groups.map(g => [`${g.instance_id}|${g.group_id}`, g.group_name]),
  );
  const holders = new Map(
    held.map(h => [`${h.instance_id}|${h.group_id}`, Number(h.n)]),
  );
  const tierOf = (i: DbAppInstanceRow, t: DbLicenseTierRow, rank: number) => {
    const name = t.group_id
      ? groupName.get(`${i.id}|${t.group_id}`)
      : undefined;
    const tier: LicenseTier = {
      tier: t.tier,
      displayName: t.display_name ?? suggestDisplayName(t.tier, name, i.label),
      groupId: t.group_id ?? undefined,
      groupName: name,
      monthlyPrice:
        t.monthly_price === null ? undefined : Number(t.monthly_price),
      rank,
      holders: t.group_id ? holders.get(`${i.id}|${t.group_id}`) ?? 0 : 0,
      source: t.source,
    };
    if (t.description !== null) tier.description = t.description;
    if (t.seats !== null) tier.seats = Number(t.seats);
    return tier;
  };
  const byKey = new Map<string, App>();
  for (const i of instances) {
    const instance: AppInstance = {
      id: i.id,
      appKey: i.app_key,
      label: i.label,
      status: i.status,
      signOnMode: i.sign_on_mode ?? undefined,
      groups: groups
        .filter(g => g.instance_id === i.id)
        .map(g => ({
          id: g.group_id,
          name: g.group_name,
          priority: Number(g.priority),
        })),
      tiers: tiers
        .filter(t => t.instance_id === i.id)
        .map((t, rank) => tierOf(i, t, rank)),
      assignedUsers: Number(assigned.find(a => a.instance_id === i.id)?.n ?? 0),
    };
    const app: App = byKey.get(i.app_key) ?? {
      key: i.app_key,
      name: i.label,
      instances: [],
    };
    app.instances.push(instance);
    // The product is named after its shortest instance label (Salesforce, not Salesforce Sandbox).
    if (i.label.length < app.name.length) app.name = i.label;
    byKey.set(i.app_key, app);
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
}
