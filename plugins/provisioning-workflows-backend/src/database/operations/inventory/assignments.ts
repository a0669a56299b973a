import { InstanceAssignment } from '@internal/plugin-provisioning-workflows-common';
import { DbAssignmentRow, DbLicenseTierRow } from '../../tables';
import { chunks, DAY_MS, dayOf } from '../../util';
import { IntervalRecord, maintainIntervals } from './intervals';
import { AssignmentRecord, InventoryDbContext, SyncCounts } from './types';

/**
 * Replaces the assignments of an instance; ones that disappeared are
 * marked removed. Their intervals (the backtests' history) change in the
 * same transaction; `history`, from the System Log, is written first when
 * the instance has none yet.
 */
export async function syncAssignments(
  ctx: InventoryDbContext,
  instanceId: string,
  seen: AssignmentRecord[],
  nowMs: number,
  history?: IntervalRecord[],
): Promise<SyncCounts> {
  return ctx.knex.transaction(async trx => {
    const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
    const existing = new Map<string, DbAssignmentRow>();
    for (const row of await trx<DbAssignmentRow>('assignments').where({
      instance_id: instanceId,
    }))
      existing.set(row.okta_user_id, row);
    const inserts: DbAssignmentRow[] = [];
    for (const a of seen) {
      const old = existing.get(a.oktaUserId);
      existing.delete(a.oktaUserId);
      const row = { scope: a.scope, group_id: a.groupId ?? null };
      if (!old) {
        inserts.push({
          instance_id: instanceId,
          okta_user_id: a.oktaUserId,
          first_seen_ms: Math.min(a.assignedMs ?? nowMs, nowMs),
          removed_ms: null,
          ...row,
        });
        counts.added++;
      } else if (
        old.scope !== row.scope ||
        old.group_id !== row.group_id ||
        old.removed_ms !== null
      ) {
        await trx('assignments')
          .where({ instance_id: instanceId, okta_user_id: a.oktaUserId })
          .update({
            ...row,
            removed_ms: null,
            // Assigned again: the new assignment's age counts.
            ...(old.removed_ms !== null
              ? { first_seen_ms: Math.min(a.assignedMs ?? nowMs, nowMs) }
              : {}),
          });
        if (old.removed_ms !== null) counts.added++;
        else counts.updated++;
      }
    }
    for (const batch of chunks(inserts, 200))
      await trx('assignments').insert(batch);
    const gone = [...existing.values()]
      .filter(r => r.removed_ms === null)
      .map(r => r.okta_user_id);
    for (const batch of chunks(gone, 500)) {
      await trx('assignments')
        .where({ instance_id: instanceId })
        .whereIn('okta_user_id', batch)
        .update({ removed_ms: nowMs });
    }
    counts.removed += gone.length;
    await maintainIntervals(trx, instanceId, seen, nowMs, history);
    return counts;
  });
}

export async function listAssignments(
  ctx: InventoryDbContext,
  instanceId: string,
  nowMs: number,
): Promise<InstanceAssignment[]> {
  const since30 = dayOf(nowMs - 29 * DAY_MS);
  const since90 = dayOf(nowMs - 89 * DAY_MS);
  const rows = await ctx
    .knex('assignments as a')
    .leftJoin('people as p', 'p.okta_user_id', 'a.okta_user_id')
    .leftJoin('activity_last as l', join =>
      join
        .on('l.okta_user_id', 'a.okta_user_id')
        .andOn('l.instance_id', 'a.instance_id'),
    )
    .leftJoin(
      ctx
        .knex('activity_daily')
        .where({ instance_id: instanceId })
        .where('day', '>=', since90)
        .groupBy('okta_user_id')
        .select(
          'okta_user_id',
          ctx.knex.raw(
            'sum(case when day >= ? then sign_ins else 0 end) as s30',
            [since30],
          ),
          ctx.knex.raw('sum(sign_ins) as s90'),
        )
        .as('d'),
      'd.okta_user_id',
      'a.okta_user_id',
    )
    .where('a.instance_id', instanceId)
    .whereNull('a.removed_ms')
    .orderBy('a.okta_user_id')
    .select(
      'a.okta_user_id',
      'a.scope',
      'a.group_id',
      'p.email',
      'p.entity_ref',
      'p.display_name',
      'l.last_sign_in_ms',
      'd.s30',
      'd.s90',
    );
  const tiers: DbLicenseTierRow[] = await ctx.knex('license_tiers').where({
    instance_id: instanceId,
  });
  const tierOfGroup = new Map(
    tiers.filter(t => t.group_id).map(t => [t.group_id, t.tier]),
  );
  return rows.map(r => ({
    oktaUserId: r.okta_user_id,
    email: r.email ?? undefined,
    entityRef: r.entity_ref ?? undefined,
    displayName: r.display_name ?? undefined,
    scope: r.scope,
    groupId: r.group_id ?? undefined,
    tier: r.group_id ? tierOfGroup.get(r.group_id) : undefined,
    lastSignIn:
      r.last_sign_in_ms === null || r.last_sign_in_ms === undefined
        ? undefined
        : new Date(Number(r.last_sign_in_ms)).toISOString(),
    signIns30d: Number(r.s30 ?? 0),
    signIns90d: Number(r.s90 ?? 0),
  }));
}
