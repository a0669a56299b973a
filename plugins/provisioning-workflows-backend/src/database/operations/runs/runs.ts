import { NewJob } from '@internal/durable-jobs';
import {
  WorkflowActionStatus,
  WorkflowDefinition,
  WorkflowMode,
  WorkflowRunStatus,
} from '@internal/plugin-provisioning-workflows-common';
import { DbWorkflowActionRow, DbWorkflowRunRow } from '../../tables';
import {
  FINAL_ACTION_STATUSES,
  NewAuditEvent,
  PlannedEntry,
  RunRecord,
  SYSTEM_ACTOR,
} from '../../types';
import { chunks, iso } from '../../util';
import { Db, enqueueJobs, WorkflowDbContext } from '../context';
import { addEvents } from '../events/events';

/** A run's actions per status, how many in all, and how many have ended. */
function countsOf(counts: Record<string, number>) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const finished = FINAL_ACTION_STATUSES.reduce(
    (sum, s) => sum + (counts[s] ?? 0),
    0,
  );
  return { counts, total, finished };
}

function toRun(
  row: DbWorkflowRunRow,
  counts: Record<string, number>,
): RunRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    trigger: row.trigger,
    dryRun: Boolean(row.dry_run),
    mode: row.mode,
    status: row.status,
    actor: row.actor,
    startedAt: iso(row.started_at_ms)!,
    finishedAt: iso(row.finished_at_ms),
    deadline: iso(row.deadline_ms),
    ...countsOf(counts),
    error: row.error ?? undefined,
    definition: JSON.parse(row.definition),
  };
}

async function actionCounts(
  ctx: WorkflowDbContext,
  runIds: string[],
  db: Db = ctx.knex,
): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  for (const id of runIds) out.set(id, {});
  for (const batch of chunks(runIds, 500)) {
    const rows: Array<{ run_id: string; status: string; n: number | string }> =
      await db('workflow_actions')
        .whereIn('run_id', batch)
        .groupBy('run_id', 'status')
        .select('run_id', 'status', ctx.knex.raw('count(*) as n'));
    for (const r of rows) out.get(r.run_id)![r.status] = Number(r.n);
  }
  return out;
}

/** A run without its action counts: cheap, for per-action work. */
export async function getRunHeader(
  ctx: WorkflowDbContext,
  id: string,
): Promise<RunRecord | undefined> {
  const row = await ctx
    .knex<DbWorkflowRunRow>('workflow_runs')
    .where({ id })
    .first();
  return row ? toRun(row, {}) : undefined;
}

export async function getRun(
  ctx: WorkflowDbContext,
  id: string,
): Promise<RunRecord | undefined> {
  const run = await getRunHeader(ctx, id);
  if (!run) return undefined;
  const counts = (await actionCounts(ctx, [id])).get(id)!;
  return { ...run, ...countsOf(counts) };
}

export async function listRuns(
  ctx: WorkflowDbContext,
  filter: {
    instanceId?: string;
    statuses?: WorkflowRunStatus[];
    limit: number;
  },
): Promise<RunRecord[]> {
  const q = ctx
    .knex<DbWorkflowRunRow>('workflow_runs')
    .orderBy('started_at_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.instanceId) q.where({ instance_id: filter.instanceId });
  if (filter.statuses) q.whereIn('status', filter.statuses);
  const rows: DbWorkflowRunRow[] = await q;
  const counts = await actionCounts(
    ctx,
    rows.map(r => r.id),
  );
  return rows.map(r => toRun(r, counts.get(r.id)!));
}

/**
 * Records a new run with its event and `jobs`, in one transaction; returns
 * undefined when the schedule slot already has a run (another replica
 * started it).
 */
export async function createRun(
  ctx: WorkflowDbContext,
  run: {
    id: string;
    instanceId: string;
    appKey: string;
    trigger: 'manual' | 'schedule';
    scheduledForMs?: number;
    dryRun: boolean;
    mode: WorkflowMode;
    definition: WorkflowDefinition;
    actor: string;
  },
  nowMs: number,
  jobs: NewJob[],
): Promise<string | undefined> {
  return ctx.knex.transaction(async trx => {
    const inserted = await trx<DbWorkflowRunRow>('workflow_runs')
      .insert({
        id: run.id,
        instance_id: run.instanceId,
        trigger: run.trigger,
        scheduled_for_ms: run.scheduledForMs ?? null,
        dry_run: run.dryRun,
        mode: run.mode,
        status: 'planning',
        definition: JSON.stringify(run.definition),
        actor: run.actor,
        started_at_ms: nowMs,
      })
      .onConflict(['instance_id', 'scheduled_for_ms'])
      .ignore()
      .returning('id');
    if (inserted.length === 0) return undefined;
    await addEvents(
      ctx,
      [
        {
          type: 'run.started',
          actor: run.actor,
          appKey: run.appKey,
          instanceId: run.instanceId,
          runId: run.id,
          detail: {
            trigger: run.trigger,
            dryRun: run.dryRun,
            mode: run.mode,
            scheduledFor: iso(run.scheduledForMs),
          },
        },
      ],
      nowMs,
      trx,
    );
    await enqueueJobs(ctx, trx, jobs);
    return run.id;
  });
}

/**
 * Writes the planned actions of a run that is still planning, moves it on,
 * and writes its events and `jobs`, in one transaction. Returns false when
 * the run was planned already (a retried plan job).
 */
export async function planRun(
  ctx: WorkflowDbContext,
  runId: string,
  planned: Array<{
    id: string;
    entry: PlannedEntry;
    status: WorkflowActionStatus;
  }>,
  next: { status: WorkflowRunStatus; deadlineMs?: number; finished: boolean },
  events: NewAuditEvent[],
  nowMs: number,
  jobs: NewJob[],
): Promise<boolean> {
  return ctx.knex.transaction(async trx => {
    const run = await trx<DbWorkflowRunRow>('workflow_runs')
      .where({ id: runId })
      .first();
    if (!run || run.status !== 'planning') return false;
    for (const batch of chunks(planned, 300)) {
      await trx<DbWorkflowActionRow>('workflow_actions').insert(
        batch.map(({ id, entry, status }) => ({
          id,
          run_id: runId,
          instance_id: run.instance_id,
          okta_user_id: entry.oktaUserId,
          email: entry.email ?? null,
          display_name: entry.displayName ?? null,
          rule: entry.rule,
          action: entry.action,
          from_tier: entry.currentTier ?? null,
          to_tier: entry.toTier ?? null,
          from_group_id: entry.fromGroupId ?? null,
          to_group_id: entry.toGroupId ?? null,
          scope: entry.scope,
          status,
          monthly_saving: entry.monthlySaving,
          last_sign_in_ms: entry.lastSignInMs ?? null,
          deadline_ms: next.deadlineMs ?? null,
          detail: null,
          decided_by: null,
          updated_at_ms: nowMs,
        })),
      );
    }
    await trx<DbWorkflowRunRow>('workflow_runs')
      .where({ id: runId })
      .update({
        status: next.status,
        deadline_ms: next.deadlineMs ?? null,
        finished_at_ms: next.finished ? nowMs : null,
      });
    await addEvents(ctx, events, nowMs, trx);
    await enqueueJobs(ctx, trx, jobs);
    return true;
  });
}

export async function failRun(
  ctx: WorkflowDbContext,
  runId: string,
  error: string,
  event: NewAuditEvent,
  nowMs: number,
): Promise<void> {
  await ctx.knex.transaction(async trx => {
    const n = await trx<DbWorkflowRunRow>('workflow_runs')
      .where({ id: runId })
      .whereNotIn('status', ['succeeded', 'failed'])
      .update({ status: 'failed', error, finished_at_ms: nowMs });
    if (n) await addEvents(ctx, [event], nowMs, trx);
  });
}

/** Runs waiting on their warning period that has ended. */
export async function runsPastDeadline(
  ctx: WorkflowDbContext,
  nowMs: number,
): Promise<RunRecord[]> {
  const rows: DbWorkflowRunRow[] = await ctx
    .knex<DbWorkflowRunRow>('workflow_runs')
    .where({ status: 'waiting' })
    .where('deadline_ms', '<=', nowMs);
  return rows.map(r => toRun(r, {}));
}

/**
 * Moves a waiting run past its deadline to executing: its warned actions
 * are queued, with the jobs `jobsFor` makes for them. Once only, whoever calls.
 */
export async function startExecuting(
  ctx: WorkflowDbContext,
  runId: string,
  nowMs: number,
  jobsFor: (actionIds: string[]) => NewJob[],
): Promise<boolean> {
  return ctx.knex.transaction(async trx => {
    const n = await trx<DbWorkflowRunRow>('workflow_runs')
      .where({ id: runId, status: 'waiting' })
      .update({ status: 'executing' });
    if (!n) return false;
    const rows: Array<{ id: string }> = await trx('workflow_actions')
      .where({ run_id: runId, status: 'notified' })
      .select('id');
    const ids = rows.map(r => r.id);
    for (const batch of chunks(ids, 500)) {
      await trx<DbWorkflowActionRow>('workflow_actions')
        .whereIn('id', batch)
        .update({ status: 'queued', updated_at_ms: nowMs });
    }
    await enqueueJobs(ctx, trx, jobsFor(ids));
    return true;
  });
}

/**
 * Executing runs with nothing left to do (no action queued, warned or
 * waiting on IT) become succeeded.
 */
export async function finishIdleRuns(
  ctx: WorkflowDbContext,
  nowMs: number,
  appKeyOf: (instanceId: string) => string | undefined,
  runId?: string,
): Promise<string[]> {
  const { knex } = ctx;
  const candidates: Array<Pick<DbWorkflowRunRow, 'id' | 'instance_id'>> =
    await knex('workflow_runs as r')
      .where('r.status', 'executing')
      .modify(q => {
        if (runId) q.where('r.id', runId);
      })
      .whereNotExists(
        knex('workflow_actions as w')
          .whereRaw('w.run_id = r.id')
          .whereIn('w.status', ['queued', 'notified', 'waiting-on-it']),
      )
      .select('r.id', 'r.instance_id', 'r.actor');
  const finished: string[] = [];
  for (const c of candidates) {
    await knex.transaction(async trx => {
      const n = await trx<DbWorkflowRunRow>('workflow_runs')
        .where({ id: c.id, status: 'executing' })
        .update({ status: 'succeeded', finished_at_ms: nowMs });
      if (!n) return;
      const counts = (await actionCounts(ctx, [c.id], trx)).get(c.id)!;
      await addEvents(
        ctx,
        [
          {
            type: 'run.finished',
            actor: SYSTEM_ACTOR,
            appKey: appKeyOf(c.instance_id),
            instanceId: c.instance_id,
            runId: c.id,
            detail: { status: 'succeeded', counts },
          },
        ],
        nowMs,
        trx,
      );
      finished.push(c.id);
    });
  }
  return finished;
}
