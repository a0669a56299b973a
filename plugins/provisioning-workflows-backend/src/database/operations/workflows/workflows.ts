import {
  Workflow,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { DbWorkflowRow } from '../../tables';
import { NewAuditEvent } from '../../types';
import { iso } from '../../util';
import { WorkflowDbContext } from '../context';
import { addEvents } from '../events/events';

function toWorkflow(row: DbWorkflowRow): Workflow {
  return {
    ...(JSON.parse(row.definition) as WorkflowDefinition),
    instanceId: row.instance_id,
    status: row.status,
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at_ms)!,
    nextRunAt: iso(row.next_run_ms),
  };
}

export async function getWorkflow(
  ctx: WorkflowDbContext,
  instanceId: string,
): Promise<Workflow | undefined> {
  const row = await ctx
    .knex<DbWorkflowRow>('workflows')
    .where({ instance_id: instanceId })
    .first();
  return row ? toWorkflow(row) : undefined;
}

export async function listWorkflows(
  ctx: WorkflowDbContext,
): Promise<Workflow[]> {
  const rows: DbWorkflowRow[] = await ctx.knex('workflows').select();
  return rows.map(toWorkflow);
}

/** Stores a workflow and its audit event in one transaction. */
export async function saveWorkflow(
  ctx: WorkflowDbContext,
  workflow: {
    instanceId: string;
    definition: WorkflowDefinition;
    status: 'active' | 'paused';
    nextRunMs?: number;
    actor: string;
  },
  event: NewAuditEvent,
  nowMs: number,
): Promise<Workflow> {
  await ctx.knex.transaction(async trx => {
    await trx<DbWorkflowRow>('workflows')
      .insert({
        instance_id: workflow.instanceId,
        status: workflow.status,
        definition: JSON.stringify(workflow.definition),
        schedule: workflow.definition.schedule ?? null,
        next_run_ms: workflow.nextRunMs ?? null,
        updated_by: workflow.actor,
        updated_at_ms: nowMs,
      })
      .onConflict('instance_id')
      .merge();
    await addEvents(ctx, [event], nowMs, trx);
  });
  return (await getWorkflow(ctx, workflow.instanceId))!;
}

/** Active workflows whose next scheduled run is due. */
export async function dueWorkflows(
  ctx: WorkflowDbContext,
  nowMs: number,
): Promise<Workflow[]> {
  const rows: DbWorkflowRow[] = await ctx
    .knex<DbWorkflowRow>('workflows')
    .where({ status: 'active' })
    .whereNotNull('next_run_ms')
    .where('next_run_ms', '<=', nowMs);
  return rows.map(toWorkflow);
}

export async function setNextRun(
  ctx: WorkflowDbContext,
  instanceId: string,
  nextRunMs: number | null,
): Promise<void> {
  await ctx
    .knex<DbWorkflowRow>('workflows')
    .where({ instance_id: instanceId })
    .update({ next_run_ms: nextRunMs });
}
