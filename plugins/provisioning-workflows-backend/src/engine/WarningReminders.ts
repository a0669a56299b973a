import { Job, JobJson } from '@internal/durable-jobs';
import { DEFAULT_REMIND_BEFORE_HOURS } from '@internal/plugin-provisioning-workflows-common';
import { RunRecord } from '../database/types';
import { EngineDeps, remindJob, remindRunJob } from './EngineContext';

const HOUR_MS = 3600_000;

/** The longest reminder lead a workflow may ask for (the spec's maximum). */
export const MAX_REMIND_BEFORE_HOURS = 168;

/**
 * When a waiting run's reminders are due: `remindBeforeHours` before its
 * deadline; never when that is not after the run started (the warning
 * itself came within the reminder's lead), or the workflow says 0.
 */
export function remindAtMs(run: RunRecord): number | undefined {
  const hours =
    run.definition.notifications.remindBeforeHours ??
    DEFAULT_REMIND_BEFORE_HOURS;
  if (!run.deadline || !(hours > 0)) return undefined;
  const at = Date.parse(run.deadline) - hours * HOUR_MS;
  return at > Date.parse(run.startedAt) ? at : undefined;
}

/**
 * The one reminder to those who have not answered a warning. The tick
 * queues a run's remind-run job once its reminder time came (its key makes
 * it once per run, however many ticks see it); that job queues one remind
 * job per action still waiting (once per action, ever), which the warn
 * runner sends like the warning.
 */
export class WarningReminders {
  constructor(private readonly deps: EngineDeps) {}

  /** From the tick: queues the reminders whose time came; how many runs started reminding. */
  async due(nowMs: number): Promise<number> {
    const { store, jobs } = this.deps;
    if (!jobs) return 0;
    const soon = await store.runsPastDeadline(
      nowMs + MAX_REMIND_BEFORE_HOURS * HOUR_MS,
    );
    const due = soon.filter(run => {
      const at = remindAtMs(run);
      return !run.dryRun && at !== undefined && at <= nowMs;
    });
    // Due now by the job table's clock: the tick's time decides what is due.
    const added = await jobs.enqueue(due.map(run => remindRunJob(run.id)));
    if (added) this.deps.onWork?.();
    return added;
  }

  /** The remind-run job: one remind job per action of the run still waiting. */
  async startReminders(job: Job): Promise<JobJson> {
    const { store, jobs } = this.deps;
    const runId = (job.payload as { runId: string }).runId;
    const run = await store.getRunHeader(runId);
    if (!jobs || run?.status !== 'waiting') {
      return { reminders: 0, reason: run ? run.status : 'no run' };
    }
    const { items } = await store.listActions({
      runId,
      statuses: ['notified'],
      limit: 1_000_000,
    });
    const added = await jobs.enqueue(items.map(a => remindJob(a.id)));
    if (added) this.deps.onWork?.();
    return { reminders: items.length };
  }
}
