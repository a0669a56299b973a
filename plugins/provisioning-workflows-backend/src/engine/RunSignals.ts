import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  Run,
  SYNC_RUNS_SIGNAL_CHANNEL,
  SyncRunSignal,
  WORKFLOW_RUNS_SIGNAL_CHANNEL,
  WorkflowRunSignal,
} from '@internal/plugin-provisioning-workflows-common';
import { RunStore } from '../database/RunStore';
import { RunRecord } from '../database/types';

/** Told when a workflow run's status or action counts may have changed. */
export interface RunProgress {
  changed(runId: string): void;
}

/*
 * Who receives: every signed-in user (broadcast). Backstage signals go to
 * user refs or to everyone, and who may see a run is a permission decision
 * (the app's history permission, per app admin), not a list of refs. So the
 * payload carries nothing a user could not be shown anyway: ids, statuses
 * and counts. No names, e-mails or tiers. The page that receives it reads
 * the run again through the permission-checked API, which refuses those not
 * allowed to see it.
 */
const BROADCAST = { type: 'broadcast' } as const;

/**
 * Publishes workflow run progress on {@link WORKFLOW_RUNS_SIGNAL_CHANNEL}.
 * A change schedules one publish per run `delayMs` later, which reads the
 * run's status and counts then: a run acting on thousands of people sends a
 * few signals a second, not one per action, and the last change is always
 * published (a change after the read schedules another). Publishing never
 * fails the work it reports: errors are logged.
 */
export class RunSignals implements RunProgress {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      signals?: SignalsService;
      store: { getRun(id: string): Promise<RunRecord | undefined> };
      logger: LoggerService;
      /** How long changes are gathered before one publish; 250 ms. */
      delayMs?: number;
    },
  ) {}

  changed(runId: string): void {
    if (!this.deps.signals || this.pending.has(runId)) return;
    const timer = setTimeout(
      () => this.publish(runId),
      this.deps.delayMs ?? 250,
    );
    timer.unref?.();
    this.pending.set(runId, timer);
  }

  /** Publishes what is pending now, and waits for every publish under way. */
  async flush(): Promise<void> {
    for (const [runId, timer] of [...this.pending]) {
      clearTimeout(timer);
      this.publish(runId);
    }
    await Promise.all([...this.inFlight]);
  }

  private publish(runId: string) {
    this.pending.delete(runId);
    const done = this.send(runId).finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private async send(runId: string): Promise<void> {
    try {
      const run = await this.deps.store.getRun(runId);
      if (!run) return;
      const message: WorkflowRunSignal = {
        type: 'workflow-run',
        runId: run.id,
        instanceId: run.instanceId,
        status: run.status,
        total: run.total,
        finished: run.finished,
        counts: run.counts as Record<string, number>,
      };
      await this.deps.signals!.publish({
        recipients: BROADCAST,
        channel: WORKFLOW_RUNS_SIGNAL_CHANNEL,
        message,
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not publish the progress of workflow run ${runId}; pages that show it read it again when they next ask: ${error}`,
      );
    }
  }
}

/**
 * The runs of the inventory sync and activity ingest, each start and end
 * also published on {@link SYNC_RUNS_SIGNAL_CHANNEL} (broadcast, ids and
 * counts only, as {@link RunSignals}). A publish that fails is logged; the
 * run is recorded all the same.
 */
export function signalingRunStore(
  runs: RunStore,
  options: { signals?: SignalsService; logger: LoggerService },
): RunStore {
  const { signals, logger } = options;
  if (!signals) return runs;
  const publish = async (run: Run) => {
    const message: SyncRunSignal = {
      type: 'sync-run',
      runId: run.id,
      kind: run.kind,
      status: run.status,
      stats: run.stats,
    };
    try {
      await signals.publish({
        recipients: BROADCAST,
        channel: SYNC_RUNS_SIGNAL_CHANNEL,
        message,
      });
    } catch (error) {
      logger.warn(`Could not publish the ${run.kind} run ${run.id}: ${error}`);
    }
  };
  return {
    async start(kind) {
      const run = await runs.start(kind);
      await publish(run);
      return run;
    },
    async finish(id, outcome) {
      const run = await runs.finish(id, outcome);
      await publish(run);
      return run;
    },
    list: options_ => runs.list(options_),
  };
}
