import {
  Backoff,
  Job,
  JobHandler,
  JobLogger,
  JobOutcome,
  JobRunner,
  JobStore,
} from '@internal/durable-jobs';
import { LicenseActionExecutor } from '@internal/plugin-provisioning-workflows-node';
import { ActionExecutor } from './ActionExecutor';
import { EngineDeps, InstanceCache, JOB_TYPES } from './EngineContext';
import { ItChanges } from './HomeItChanges';
import { ItTickets } from './ItTickets';
import { LicenseRestorer, RESTORE_JOB } from './LicenseRestorer';
import { RunNotices } from './RunNotices';
import { RunPlanner } from './RunPlanner';
import { WarningChannels } from './WarningChannels';
import { WarningReminders } from './WarningReminders';
import { WarningJob, WarningSender } from './WarningSender';
import { WorkflowTicker } from './WorkflowTicker';

/**
 * The background work of workflows: the tick, and the handlers of the
 * plan, act, warn and remind jobs and of the run-finished notices.
 */
export class WorkflowEngine {
  readonly planner: RunPlanner;
  readonly actions: ActionExecutor;
  readonly warnings: WarningJob;
  readonly reminders: WarningReminders;
  readonly notices: RunNotices;
  readonly ticker: WorkflowTicker;
  readonly tickets: ItTickets;
  readonly restorer: LicenseRestorer;

  constructor(
    deps: EngineDeps & {
      executor: LicenseActionExecutor;
      /** Portal notifications. */
      warn?: WarningSender;
      /** Slack, e-mail: what modules added. */
      channels?: WarningChannels;
      /** The portal's base URL (`app.baseUrl`), for links in Slack and mails. */
      appBaseUrl?: string;
      /** Productiv Home's ticketing, for the changes Okta cannot make. */
      itChanges?: ItChanges;
    },
  ) {
    const instances = new InstanceCache(deps.inventory);
    this.planner = new RunPlanner(deps, instances);
    this.tickets = new ItTickets(deps, instances);
    this.actions = new ActionExecutor(deps, instances, this.tickets);
    this.restorer = new LicenseRestorer(deps, instances);
    this.warnings = new WarningJob(deps, instances);
    this.reminders = new WarningReminders(deps);
    this.notices = new RunNotices(deps, instances);
    this.ticker = new WorkflowTicker(deps, this.planner, {
      reminders: this.reminders,
      notices: this.notices,
      tickets: this.tickets,
    });
  }

  tick() {
    return this.ticker.tick();
  }

  /** Job handlers, for the plugin's job runners. */
  handlers(): Record<string, JobHandler> {
    return {
      [JOB_TYPES.plan]: job => this.planner.plan(job),
      [JOB_TYPES.act]: (job, ctx) => this.actions.run(job, ctx.signal),
      [JOB_TYPES.warn]: (job, ctx) => this.warnings.run(job, ctx),
      [JOB_TYPES.remindRun]: job => this.reminders.startReminders(job),
      [JOB_TYPES.remind]: (job, ctx) => this.warnings.remind(job, ctx),
      [JOB_TYPES.runFinished]: (job, ctx) => this.notices.run(job, ctx),
      [RESTORE_JOB]: (job, ctx) => this.restorer.run(job, ctx.signal),
    };
  }

  /** A job that gave up fails its run (plan) or its action (act). */
  readonly onFinished = async (job: Job, outcome: JobOutcome) => {
    if (outcome.status !== 'failed') return;
    if (job.type === JOB_TYPES.plan)
      await this.planner.planFailed(job, outcome.error ?? 'failed');
    if (job.type === JOB_TYPES.act)
      await this.actions.actFailed(job, outcome.error ?? 'failed');
    if (job.type === RESTORE_JOB)
      await this.restorer.restoreFailed(job, outcome.error ?? 'failed');
  };

  /**
   * The runners of this replica: planning alone (it reads and writes every
   * matched person at once), and the actions, warnings, reminders and
   * notices side by side.
   */
  runners(options: {
    jobs: JobStore;
    worker: string;
    leaseMs: number;
    concurrency: number;
    logger: JobLogger;
    /** Between the tries of a failed job; default the job store's. */
    backoff?: Partial<Backoff>;
  }): JobRunner[] {
    const { jobs, worker, leaseMs, concurrency, logger, backoff } = options;
    const handlers = this.handlers();
    return [
      new JobRunner({
        store: jobs,
        worker,
        handlers: { [JOB_TYPES.plan]: handlers[JOB_TYPES.plan] },
        concurrency: 1,
        leaseMs: Math.max(leaseMs, 600_000),
        timeoutMs: 300_000,
        backoff,
        logger,
        onFinished: this.onFinished,
      }),
      new JobRunner({
        store: jobs,
        worker,
        handlers: {
          [JOB_TYPES.act]: handlers[JOB_TYPES.act],
          [JOB_TYPES.warn]: handlers[JOB_TYPES.warn],
          [JOB_TYPES.remindRun]: handlers[JOB_TYPES.remindRun],
          [JOB_TYPES.remind]: handlers[JOB_TYPES.remind],
          [JOB_TYPES.runFinished]: handlers[JOB_TYPES.runFinished],
          [RESTORE_JOB]: handlers[RESTORE_JOB],
        },
        concurrency,
        leaseMs,
        timeoutMs: Math.min(30_000, leaseMs * 0.8),
        backoff,
        logger,
        onFinished: this.onFinished,
      }),
    ];
  }
}
