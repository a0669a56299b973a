import { NewJob } from '@internal/durable-jobs';
import { WorkflowActionStatus } from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';
import { DbAssignmentRow, DbWorkflowActionRow } from '../../tables';
import { ActionRecord, NewAuditEvent } from '../../types';
import { iso, num } from '../../util';
import { enqueueJobs, WorkflowDbContext } from '../context';
import { addEvents } from '../events/events';

function toAction(r: DbWorkflowActionRow): ActionRecord {
  return {
    id: r.id,
    runId: r.run_id,
    instanceId: r.instance_id,
    oktaUserId: r.okta_user_id,
    email: r.email ?? undefined,
    displayName: r.display_name ?? undefined,
    rule: Number(r.rule),
    action: r.action,
    fromTier: r.from_tier ?? undefined,
    toTier: r.to_tier ?? undefined,
    status: r.status,
    monthlySaving: Number(r.monthly_saving),
    lastSignIn: iso(r.last_sign_in_ms),
    lastSignInMs: num(r.last_sign_in_ms),
    deadline: iso(r.deadline_ms),
    detail: r.detail ?? undefined,
    updatedAt: iso(r.updated_at_ms)!,
    scope: r.scope,
    fromGroupId: r.from_group_id ?? undefined,
    toGroupId: r.to_group_id ?? undefined,
  };
}

export async function getAction(
  ctx: WorkflowDbContext,
  id: string,
): Promise<ActionRecord | undefined> {
  const row = await ctx
    .knex<DbWorkflowActionRow>('workflow_actions')
    .where({ id })
    .first();
  return row ? toAction(row) : undefined;
}

export type ActionFilter = {
  runId?: string;
  instanceId?: string;
  oktaUserId?: string;
  statuses?: WorkflowActionStatus[];
  /** Only actions people were warned of. */
  warned?: boolean;
  limit: number;
  offset?: number;
};

export async function listActions(
  ctx: WorkflowDbContext,
  filter: ActionFilter,
): Promise<{ items: ActionRecord[]; total: number }> {
  const base = ctx.knex<DbWorkflowActionRow>('workflow_actions');
  if (filter.runId) base.where({ run_id: filter.runId });
  if (filter.instanceId) base.where({ instance_id: filter.instanceId });
  if (filter.oktaUserId) base.where({ okta_user_id: filter.oktaUserId });
  if (filter.statuses) base.whereIn('status', filter.statuses);
  if (filter.warned) base.whereNotNull('deadline_ms');
  const [{ n }] = await base.clone().count({ n: '*' });
  const rows: DbWorkflowActionRow[] = await base
    .orderBy('updated_at_ms', 'desc')
    .orderBy('id')
    .limit(filter.limit)
    .offset(filter.offset ?? 0);
  return { items: rows.map(toAction), total: Number(n) };
}

/** A status change of one action, and the audit event that records it. */
type Transition = {
  id: string;
  /** The statuses it may change from; otherwise nothing changes. */
  from: WorkflowActionStatus[];
  to: WorkflowActionStatus;
  change: { detail?: string; decidedBy?: string };
  event: NewAuditEvent | undefined;
  nowMs: number;
};

async function transition(
  ctx: WorkflowDbContext,
  t: Transition,
  then: (trx: Knex.Transaction) => Promise<void>,
): Promise<boolean> {
  return ctx.knex.transaction(async trx => {
    const n = await trx<DbWorkflowActionRow>('workflow_actions')
      .where({ id: t.id })
      .whereIn('status', t.from)
      .update({
        status: t.to,
        updated_at_ms: t.nowMs,
        ...(t.change.detail !== undefined ? { detail: t.change.detail } : {}),
        ...(t.change.decidedBy !== undefined
          ? { decided_by: t.change.decidedBy }
          : {}),
      });
    if (!n) return false;
    if (t.event) await addEvents(ctx, [t.event], t.nowMs, trx);
    await then(trx);
    return true;
  });
}

/**
 * Changes an action's status if it is still in one of `from`; returns
 * whether it did. The audit event and `jobs` are written in the same
 * transaction.
 */
export async function transitionAction(
  ctx: WorkflowDbContext,
  id: string,
  from: WorkflowActionStatus[],
  to: WorkflowActionStatus,
  change: Transition['change'],
  event: NewAuditEvent | undefined,
  nowMs: number,
  jobs: NewJob[] = [],
): Promise<boolean> {
  return transition(ctx, { id, from, to, change, event, nowMs }, trx =>
    enqueueJobs(ctx, trx, jobs),
  );
}

/**
 * Records a change made in the system of record, and mirrors it in the
 * inventory at once (the next sync confirms it): a deprovisioned person's
 * assignment ends, a downgraded one holds the new tier's group.
 */
export async function completeAction(
  ctx: WorkflowDbContext,
  action: ActionRecord,
  detail: string,
  event: NewAuditEvent,
  nowMs: number,
  /** `waiting-on-it` when IT made it. */
  from: WorkflowActionStatus[] = ['queued'],
): Promise<boolean> {
  return transition(
    ctx,
    {
      id: action.id,
      from,
      to: 'done',
      change: { detail },
      event,
      nowMs,
    },
    async trx => {
      const assignment = trx<DbAssignmentRow>('assignments').where({
        instance_id: action.instanceId,
        okta_user_id: action.oktaUserId,
      });
      if (action.action === 'deprovision') {
        await assignment.whereNull('removed_ms').update({ removed_ms: nowMs });
      } else if (action.toGroupId) {
        await assignment.update({ group_id: action.toGroupId });
      }
    },
  );
}
