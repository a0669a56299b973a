import { InputError } from '@backstage/errors';
import { CronTime } from 'cron';
import { SYSTEM_ACTOR } from '../database/types';
import { actJob, EngineDeps } from './EngineContext';
import { ItTickets } from './ItTickets';
import { RunNotices } from './RunNotices';
import { RunPlanner } from './RunPlanner';
import { WarningReminders } from './WarningReminders';

/** Next time a five-field UTC cron fires after `afterMs`. */
export function nextCronRun(expression: string, afterMs: number): number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new InputError(
      `Schedule '${expression}' must have five fields (minute hour day month weekday), e.g. '0 6 * * 1' for Mondays at 06:00 UTC`,
    );
  }
  let time: CronTime;
  try {
    time = new CronTime(expression, 'UTC');
  } catch (error) {
    throw new InputError(
      `Schedule '${expression}' is not a valid cron expression: ${
        (error as Error).message
      }`,
    );
  }
  return time.getNextDateFrom(new Date(afterMs)).toMillis();
}

/**
 * The periodic work of one replica (the scheduler runs it on one at a
 * time): start scheduled runs that are due, execute runs whose warning
 * period ended, end the actions IT has resolved or failed, close runs
 * with nothing left to do, queue the reminders whose time came and the
 * notices of runs that finished.
 */
export class WorkflowTicker {
  constructor(
    private readonly deps: EngineDeps,
    private readonly planner: RunPlanner,
    private readonly followUps: {
      reminders?: WarningReminders;
      notices?: RunNotices;
      tickets?: ItTickets;
    } = {},
  ) {}

  async tick(): Promise<{
    scheduled: number;
    executing: number;
    fromIt: number;
    finished: number;
    reminders: number;
    notices: number;
  }> {
    const { store, inventory } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    let scheduled = 0;
    for (const workflow of await store.dueWorkflows(now)) {
      const instance = await inventory.getInstance(workflow.instanceId);
      const slot = Date.parse(workflow.nextRunAt!);
      if (instance && instance.status !== 'REMOVED') {
        // One run per slot: the unique slot index makes a second start a no-op.
        if (
          await this.planner.start(instance, workflow, {
            trigger: 'schedule',
            dryRun: false,
            actor: SYSTEM_ACTOR,
            scheduledForMs: slot,
          })
        ) {
          scheduled++;
        }
      }
      await store.setNextRun(
        workflow.instanceId,
        workflow.schedule
          ? nextCronRun(workflow.schedule, Math.max(now, slot))
          : null,
      );
    }
    let executing = 0;
    for (const run of await store.runsPastDeadline(now)) {
      if (await store.startExecuting(run.id, now, ids => ids.map(actJob))) {
        executing++;
        this.deps.progress?.changed(run.id);
      }
    }
    if (executing) this.deps.onWork?.();
    // Before the runs are closed: a run's last action may end here.
    const fromIt = (await this.followUps.tickets?.followUp()) ?? 0;
    const appKeys = new Map(
      (await inventory.listApps()).flatMap(a =>
        a.instances.map(i => [i.id, a.key] as const),
      ),
    );
    const finished = await store.finishIdleRuns(now, id => appKeys.get(id));
    for (const runId of finished) this.deps.progress?.changed(runId);
    const reminders = (await this.followUps.reminders?.due(now)) ?? 0;
    const notices = (await this.followUps.notices?.due(now)) ?? 0;
    return {
      scheduled,
      executing,
      fromIt,
      finished: finished.length,
      reminders,
      notices,
    };
  }
}
