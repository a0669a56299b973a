import { NewJob } from '@internal/durable-jobs';
import { LicenseRestore } from '@internal/plugin-provisioning-workflows-common';
import { DbAssignmentRow, DbRestoreRow } from '../../tables';
import { ActionRecord, NewAuditEvent } from '../../types';
import { iso } from '../../util';
import { enqueueJobs, WorkflowDbContext } from '../context';
import { addEvents } from '../events/events';

function toRestore(r: DbRestoreRow): LicenseRestore {
  return {
    id: r.id,
    actionId: r.action_id,
    runId: r.run_id,
    instanceId: r.instance_id,
    rule: Number(r.rule),
    ruleName: r.rule_name,
    oktaUserId: r.okta_user_id,
    entityRef: r.entity_ref ?? undefined,
    action: r.action,
    tier: r.tier ?? undefined,
    monthlySaving: Number(r.monthly_saving),
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: iso(r.requested_at_ms)!,
    restoredAt: iso(r.restored_at_ms),
    detail: r.detail ?? undefined,
  };
}

export type NewRestore = Omit<
  LicenseRestore,
  'status' | 'requestedAt' | 'restoredAt' | 'detail' | 'tierName'
>;

/**
 * Records a restore of an action with its audit event and job, in one
 * transaction, unless the action has one already: one restore per action,
 * racing requests included. Answers the action's restore and whether this
 * call made it.
 */
export async function createRestore(
  ctx: WorkflowDbContext,
  restore: NewRestore,
  event: NewAuditEvent,
  jobs: NewJob[],
  nowMs: number,
): Promise<{ restore: LicenseRestore; created: boolean }> {
  const created = await ctx.knex.transaction(async trx => {
    const inserted = await trx<DbRestoreRow>('restores')
      .insert({
        id: restore.id,
        action_id: restore.actionId,
        run_id: restore.runId,
        instance_id: restore.instanceId,
        rule: restore.rule,
        rule_name: restore.ruleName,
        okta_user_id: restore.oktaUserId,
        entity_ref: restore.entityRef ?? null,
        action: restore.action,
        tier: restore.tier ?? null,
        monthly_saving: restore.monthlySaving,
        status: 'queued',
        requested_by: restore.requestedBy,
        requested_at_ms: nowMs,
        restored_at_ms: null,
        detail: null,
      })
      .onConflict('action_id')
      .ignore()
      .returning('id');
    if (!inserted.length) return false;
    await addEvents(ctx, [event], nowMs, trx);
    await enqueueJobs(ctx, trx, jobs);
    return true;
  });
  return { restore: (await restoreOfAction(ctx, restore.actionId))!, created };
}

export async function getRestore(
  ctx: WorkflowDbContext,
  id: string,
): Promise<LicenseRestore | undefined> {
  const row = await ctx.knex<DbRestoreRow>('restores').where({ id }).first();
  return row ? toRestore(row) : undefined;
}

export async function restoreOfAction(
  ctx: WorkflowDbContext,
  actionId: string,
): Promise<LicenseRestore | undefined> {
  const row = await ctx
    .knex<DbRestoreRow>('restores')
    .where({ action_id: actionId })
    .first();
  return row ? toRestore(row) : undefined;
}

/** Newest first. */
export async function listRestores(
  ctx: WorkflowDbContext,
  filter: {
    instanceId?: string;
    runId?: string;
    oktaUserId?: string;
    limit: number;
  },
): Promise<LicenseRestore[]> {
  const q = ctx.knex<DbRestoreRow>('restores');
  if (filter.instanceId) q.where({ instance_id: filter.instanceId });
  if (filter.runId) q.where({ run_id: filter.runId });
  if (filter.oktaUserId) q.where({ okta_user_id: filter.oktaUserId });
  const rows: DbRestoreRow[] = await q
    .orderBy('requested_at_ms', 'desc')
    .orderBy('id')
    .limit(filter.limit);
  return rows.map(toRestore);
}

/**
 * Ends a queued restore (`done` or `failed`) with its audit event; a done
 * one is mirrored in the inventory at once (the next sync confirms it):
 * the person holds the tier's group again. Returns whether it changed.
 */
export async function finishRestore(
  ctx: WorkflowDbContext,
  restore: LicenseRestore,
  action: ActionRecord,
  outcome: { status: 'done' | 'failed'; detail: string },
  event: NewAuditEvent,
  nowMs: number,
): Promise<boolean> {
  return ctx.knex.transaction(async trx => {
    const n = await trx<DbRestoreRow>('restores')
      .where({ id: restore.id, status: 'queued' })
      .update({
        status: outcome.status,
        detail: outcome.detail,
        restored_at_ms: outcome.status === 'done' ? nowMs : null,
      });
    if (!n) return false;
    await addEvents(ctx, [event], nowMs, trx);
    if (outcome.status === 'done') {
      await trx<DbAssignmentRow>('assignments')
        .where({
          instance_id: action.instanceId,
          okta_user_id: action.oktaUserId,
        })
        .update({
          removed_ms: null,
          ...(action.fromGroupId ? { group_id: action.fromGroupId } : {}),
        });
    }
    return true;
  });
}

/** Whether an action has an audit event of this type (e.g. it waited on IT). */
export async function actionHadEvent(
  ctx: WorkflowDbContext,
  actionId: string,
  type: NewAuditEvent['type'],
): Promise<boolean> {
  const row = await ctx
    .knex('workflow_events')
    .where({ action_id: actionId, type })
    .first('id');
  return Boolean(row);
}
