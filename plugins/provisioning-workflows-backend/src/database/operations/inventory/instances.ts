import {
  App,
  AppInstance,
  LicenseTier,
} from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';
import {
  DbAppInstanceRow,
  DbInstanceGroupRow,
  DbLicenseTierRow,
} from '../../tables';
import { InventoryDbContext, InstanceRecord, SyncCounts } from './types';

/** `Figma Editor` on `Figma` → `editor`: a tier name suggested from a group name. */
export function suggestTierName(
  groupName: string,
  instanceLabel: string,
): string {
  const lowerGroup = groupName.toLowerCase();
  const prefix = instanceLabel.toLowerCase();
  const rest = lowerGroup.startsWith(prefix)
    ? groupName.slice(prefix.length)
    : groupName;
  return (
    rest
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'default'
  );
}

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
  const suggested = [...inst.groups]
    .sort((a, b) => a.priority - b.priority)
    .map((g, rank) => ({
      tier: suggestTierName(g.name, inst.label),
      group_id: g.id,
      rank,
    }));
  const same =
    tiers.length === suggested.length &&
    suggested.every(s =>
      tiers.some(
        t =>
          t.tier === s.tier &&
          t.group_id === s.group_id &&
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
        monthly_price: null,
        source: 'suggested',
        updated_by: null,
        updated_at_ms: nowMs,
      })),
    );
  }
}

/** Sets the tiers of an instance, as an admin configures them. */
export async function putTiers(
  ctx: InventoryDbContext,
  instanceId: string,
  tiers: Array<{ tier: string; groupId?: string; monthlyPrice?: number }>,
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
  const groupName = new Map(
    groups.map(g => [`${g.instance_id}|${g.group_id}`, g.group_name]),
  );
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
        .map(
          (t): LicenseTier => ({
            tier: t.tier,
            groupId: t.group_id ?? undefined,
            groupName: t.group_id
              ? groupName.get(`${i.id}|${t.group_id}`)
              : undefined,
            monthlyPrice:
              t.monthly_price === null ? undefined : Number(t.monthly_price),
            source: t.source,
          }),
        ),
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
