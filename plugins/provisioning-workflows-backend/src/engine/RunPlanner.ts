import { Job, JobJson, PermanentError } from '@internal/durable-jobs';
import {
  AppInstance,
  Workflow,
  WorkflowActionStatus,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { randomUUID } from 'node:crypto';
import { NewAuditEvent, SYSTEM_ACTOR } from '../database/types';
import { DAY_MS } from '../database/util';
import {
  actJob,
  EngineDeps,
  InstanceCache,
  planJob,
  warnJob,
} from './EngineContext';
import { previewWorkflow } from './preview';

/** The editable part of a stored workflow. */
export function definitionOf(workflow: Workflow): WorkflowDefinition {
  const {
    instanceId: _i,
    status: _s,
    updatedAt: _u,
    updatedBy: _b,
    nextRunAt: _n,
    ...definition
  } = workflow;
  return definition;
}

/**
 * Starts runs and plans them: a plan job previews the run's workflow as it
 * was started and writes every action and its job, or nothing, in one
 * transaction.
 */
export class RunPlanner {
  constructor(
    private readonly deps: EngineDeps,
    private readonly instances: InstanceCache,
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  /** Records a run and its plan job; undefined when its schedule slot has one. */
  async start(
    instance: AppInstance,
    workflow: Workflow,
    run: {
      trigger: 'manual' | 'schedule';
      dryRun: boolean;
      actor: string;
      scheduledForMs?: number;
    },
  ): Promise<string | undefined> {
    const definition = definitionOf(workflow);
    const runId = randomUUID();
    const id = await this.deps.store.createRun(
      {
        id: runId,
        instanceId: instance.id,
        appKey: instance.appKey,
        trigger: run.trigger,
        scheduledForMs: run.scheduledForMs,
        dryRun: run.dryRun,
        mode: definition.mode,
        definition,
        actor: run.actor,
      },
      this.now(),
      [planJob(runId)],
    );
    if (id) {
      this.deps.onWork?.();
      this.deps.progress?.changed(id);
    }
    return id;
  }

  async plan(job: Job): Promise<JobJson> {
    const { store, inventory } = this.deps;
    const runId = (job.payload as { runId: string }).runId;
    const run = await store.getRun(runId);
    if (!run) throw new PermanentError(`No workflow run ${runId}`);
    if (run.status !== 'planning') return { planned: false };
    const instance = await inventory.getInstance(run.instanceId);
    if (!instance)
      throw new PermanentError(`No app instance ${run.instanceId}`);
    const def = run.definition;
    const now = this.now();
    const { entries } = await previewWorkflow(store, run.instanceId, def, now);
    const warn = def.notifications.enabled;
    const deadlineMs = warn
      ? now + def.notifications.daysBefore * DAY_MS
      : undefined;
    const statusOf = (entry: {
      suggestOnly: boolean;
    }): WorkflowActionStatus => {
      if (run.dryRun) return 'dry-run';
      if (entry.suggestOnly || run.mode === 'suggest') return 'suggested';
      return warn ? 'notified' : 'queued';
    };
    const planned = entries.map(entry => ({
      id: randomUUID(),
      entry,
      status: statusOf(entry),
    }));
    const acting = planned.filter(
      p => p.status === 'queued' || p.status === 'notified',
    );
    let next: {
      status: 'succeeded' | 'waiting' | 'executing';
      deadlineMs?: number;
      finished: boolean;
    };
    if (run.dryRun || acting.length === 0) {
      next = { status: 'succeeded', finished: true };
    } else if (warn) {
      next = { status: 'waiting', deadlineMs, finished: false };
    } else {
      next = { status: 'executing', finished: false };
    }
    const events: NewAuditEvent[] = [];
    if (next.finished) {
      const counts: Record<string, number> = {};
      for (const p of planned) counts[p.status] = (counts[p.status] ?? 0) + 1;
      events.push({
        type: 'run.finished',
        actor: SYSTEM_ACTOR,
        appKey: instance.appKey,
        instanceId: instance.id,
        runId,
        detail: { status: 'succeeded', counts, dryRun: run.dryRun },
      });
    }
    for (const p of planned.filter(x => x.status === 'notified')) {
      events.push({
        type: 'action.notified',
        actor: SYSTEM_ACTOR,
        appKey: instance.appKey,
        instanceId: instance.id,
        runId,
        actionId: p.id,
        detail: {
          oktaUserId: p.entry.oktaUserId,
          email: p.entry.email,
          deadline: new Date(deadlineMs!).toISOString(),
        },
      });
    }
    await store.planRun(runId, planned, next, events, now, [
      ...planned.filter(p => p.status === 'queued').map(p => actJob(p.id)),
      ...planned.filter(p => p.status === 'notified').map(p => warnJob(p.id)),
    ]);
    this.deps.onWork?.();
    this.deps.progress?.changed(runId);
    return { planned: planned.length };
  }

  /** Called when a plan job gave up: the run fails with the reason. */
  async planFailed(job: Job, error: string) {
    const runId = (job.payload as { runId: string }).runId;
    const run = await this.deps.store.getRunHeader(runId);
    if (!run) return;
    const instance = await this.instances.get(run.instanceId);
    await this.deps.store.failRun(
      runId,
      error,
      {
        type: 'run.finished',
        actor: SYSTEM_ACTOR,
        appKey: instance?.appKey,
        instanceId: run.instanceId,
        runId,
        detail: { status: 'failed', error },
      },
      this.now(),
    );
    this.deps.progress?.changed(runId);
  }
}
