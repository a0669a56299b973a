import { Job, JobContext, JobJson } from '@internal/durable-jobs';
import { WorkflowActionStatus } from '@internal/plugin-provisioning-workflows-common';
import { RunFinishedNotice } from '@internal/plugin-provisioning-workflows-node';
import { RunRecord } from '../database/types';
import { EngineDeps, InstanceCache, runFinishedJob } from './EngineContext';
import { WarningChannels } from './WarningChannels';
import { instancePath, portalLink } from './warningNotice';

/** What an action's status says about the person, for admins. */
const OUTCOME_LABELS: Record<WorkflowActionStatus, string> = {
  done: 'Changed in Okta',
  'opted-out': 'Kept their license',
  skipped: 'Left as they were (signed in again or tier changed)',
  failed: 'Failed',
  suggested: 'Suggested for review',
  dismissed: 'Suggestion dismissed',
  queued: 'Still queued',
  'waiting-on-it': 'Waiting on IT (a ticket)',
  notified: 'Still warned',
  'dry-run': 'Previewed',
};

/** How far back the tick looks for finished runs whose notice is not queued yet. */
const RECENT_MS = 24 * 3600_000;

/** The finished-run notice of a run, with its counts by name. */
export function runFinishedNotice(
  run: RunRecord,
  appName: string,
  appBaseUrl?: string,
): RunFinishedNotice {
  const outcomes = Object.entries(run.counts)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([status, count]) => ({
      status,
      label: OUTCOME_LABELS[status as WorkflowActionStatus] ?? status,
      count: count!,
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return {
    runId: run.id,
    instanceId: run.instanceId,
    appName,
    status: run.status === 'failed' ? 'failed' : 'succeeded',
    trigger: run.trigger,
    mode: run.mode,
    outcomes,
    total: run.total,
    error: run.error,
    link: portalLink(appBaseUrl, instancePath(run.instanceId)),
  };
}

/**
 * Tells the Productiv admins (the channels with an admin destination, such
 * as Slack's `adminChannel`) that a run finished, once per run: the tick
 * queues a run-finished job for each real run that finished lately (its key
 * makes it once, however many ticks see the run), and the job posts it.
 * Dry runs and runs that found nobody are not worth a message; failed runs
 * always are.
 */
export class RunNotices {
  constructor(
    private readonly deps: EngineDeps & {
      channels?: WarningChannels;
      appBaseUrl?: string;
    },
    private readonly instances: InstanceCache,
  ) {}

  /** From the tick: queues the notices of runs that finished lately; how many. */
  async due(nowMs: number): Promise<number> {
    const { store, jobs, channels } = this.deps;
    if (!jobs || !channels?.admins().length) return 0;
    const finished = await store.listRuns({
      statuses: ['succeeded', 'failed'],
      limit: 50,
    });
    const worth = finished.filter(
      run =>
        !run.dryRun &&
        run.finishedAt &&
        Date.parse(run.finishedAt) > nowMs - RECENT_MS &&
        (run.total > 0 || run.status === 'failed'),
    );
    const added = await jobs.enqueue(worth.map(run => runFinishedJob(run.id)));
    if (added) this.deps.onWork?.();
    return added;
  }

  /** The run-finished job: the notice, through every admin channel. */
  async run(
    job: Job,
    ctx: Pick<JobContext, 'idempotencyKey' | 'attempt'>,
  ): Promise<JobJson> {
    const { store, channels, logger } = this.deps;
    const runId = (job.payload as { runId: string }).runId;
    const run = await store.getRun(runId);
    if (!run || (run.status !== 'succeeded' && run.status !== 'failed')) {
      return { sent: [], reason: run ? run.status : 'no run' };
    }
    const instance = await this.instances.get(run.instanceId);
    const notice = runFinishedNotice(
      run,
      instance?.label ?? run.instanceId,
      this.deps.appBaseUrl,
    );
    const sent: string[] = [];
    for (const channel of channels?.admins() ?? []) {
      await channel.notifyAdmins!(notice, {
        logger,
        // One post per channel; a retry skips the ones already made.
        idempotencyKey: `${ctx.idempotencyKey}:${channel.id}`,
        attempt: ctx.attempt,
      });
      sent.push(channel.id);
    }
    return { sent };
  }
}
