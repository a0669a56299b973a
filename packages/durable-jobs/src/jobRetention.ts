import { Knex } from 'knex';
import { JobRow, toJob } from './jobRows';
import { Job, JobStatus } from './jobTypes';

const DAY_MS = 24 * 3600_000;

/** Statuses a job never leaves on its own (only an admin's retry does). */
const FINISHED = ['succeeded', 'failed'] as const;

/**
 * Which of a batch of finished jobs must stay (their ids): jobs that a live
 * thing still needs, for their result (e.g. the Slack message to update
 * when a pending request is decided) or for their key (a periodic check
 * that queues "once per run, ever" by key would queue again once the key
 * is gone).
 *
 * @public
 */
export type KeepJobs = (jobs: Job[]) => Promise<Iterable<string>>;

/**
 * Options of {@link JobStore.deleteFinished}.
 *
 * @public
 */
export type DeleteFinishedOptions = {
  /** Jobs finished (last changed) before this time go. */
  beforeMs: number;
  /** Rows read and deleted per statement; default 500. */
  batchSize?: number;
  /** The jobs of each batch that stay; default none. */
  keep?: KeepJobs;
  /** Stops between batches when aborted (a task's timeout, a shutdown). */
  signal?: AbortSignal;
};

/** The next batch of finished jobs, after the last one read. */
function readBatch(
  knex: Knex,
  table: string,
  q: {
    status: JobStatus;
    beforeMs: number;
    after?: { at: number; id: string };
    limit: number;
  },
): Promise<JobRow[]> {
  const { after } = q;
  return knex<JobRow>(table)
    .where({ status: q.status })
    .where('updated_at_ms', '<', q.beforeMs)
    .modify(query => {
      if (!after) return;
      query.where(b =>
        b
          .where('updated_at_ms', '>', after.at)
          .orWhere(same =>
            same.where('updated_at_ms', after.at).where('id', '>', after.id),
          ),
      );
    })
    .orderBy([
      { column: 'updated_at_ms', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(q.limit);
}

/**
 * Deletes finished jobs last changed before `beforeMs`, a batch at a time,
 * each batch one short statement so that a big table is never locked for
 * long. Batches follow the `(status, updated_at_ms, id)` index in order,
 * so kept jobs are read once per run. A job retried by an admin between the
 * read and the delete (queued again) is not deleted.
 */
export async function deleteFinishedJobs(
  knex: Knex,
  table: string,
  options: DeleteFinishedOptions,
): Promise<{ deleted: number; kept: number }> {
  const batchSize = options.batchSize ?? 500;
  let deleted = 0;
  let kept = 0;
  for (const status of FINISHED) {
    let after: { at: number; id: string } | undefined;
    for (;;) {
      if (options.signal?.aborted) return { deleted, kept };
      const rows = await readBatch(knex, table, {
        status,
        beforeMs: options.beforeMs,
        after,
        limit: batchSize,
      });
      if (!rows.length) break;
      const jobs = rows.map(toJob);
      const keep = new Set(options.keep ? await options.keep(jobs) : []);
      const gone = jobs.filter(j => !keep.has(j.id)).map(j => j.id);
      kept += jobs.length - gone.length;
      if (gone.length) {
        deleted += await knex(table)
          .whereIn('id', gone)
          .where({ status })
          .where('updated_at_ms', '<', options.beforeMs)
          .delete();
      }
      const last = jobs[jobs.length - 1];
      after = { at: last.updatedAtMs, id: last.id };
      if (rows.length < batchSize) break;
    }
  }
  return { deleted, kept };
}

/**
 * A {@link KeepJobs} that keeps the jobs whose payload names a thing still
 * open: for each payload field (e.g. `requestId`), `live` returns which of
 * the ids it is given are open.
 *
 * @public
 */
export function keepJobsOf(
  fields: Record<string, (ids: string[]) => Promise<string[]>>,
): KeepJobs {
  return async jobs => {
    const kept = new Set<string>();
    for (const [field, live] of Object.entries(fields)) {
      const named = (j: Job) => {
        const p = j.payload;
        const value =
          p && typeof p === 'object' && !Array.isArray(p)
            ? p[field]
            : undefined;
        return typeof value === 'string' ? value : undefined;
      };
      const ids = [
        ...new Set(jobs.map(named).filter((v): v is string => Boolean(v))),
      ];
      if (!ids.length) continue;
      const open = new Set(await live(ids));
      for (const j of jobs) if (open.has(named(j) ?? '')) kept.add(j.id);
    }
    return kept;
  };
}

/**
 * The retention age configured at `key` (an object with `days`), e.g.
 * `productivHome.retention.finishedJobs`: 30 days when unset.
 *
 * @public
 */
export function retentionDays(
  config: { getOptionalNumber(key: string): number | undefined },
  key: string,
): number {
  const days = config.getOptionalNumber(`${key}.days`) ?? 30;
  if (!(days > 0)) {
    throw new Error(
      `${key}.days must be a number of days above 0, got ${days}`,
    );
  }
  return days;
}

/**
 * The parts of Backstage's scheduler that {@link scheduleJobRetention} uses.
 *
 * @public
 */
export type JobRetentionScheduler = {
  scheduleTask(task: {
    id: string;
    scope: 'global';
    frequency: { hours: number };
    timeout: { minutes: number };
    initialDelay: { minutes: number };
    fn: (signal: AbortSignal) => Promise<void>;
  }): Promise<void>;
};

/**
 * Schedules the deletion of a job table's finished jobs older than `days`,
 * as a global task (one replica at a time), every 6 hours.
 *
 * @public
 */
export async function scheduleJobRetention(
  scheduler: JobRetentionScheduler,
  options: {
    /** The task's id, e.g. `productiv-home:job-retention`. */
    id: string;
    jobs: {
      deleteFinished(
        options: DeleteFinishedOptions,
      ): Promise<{ deleted: number; kept: number }>;
    };
    days: number;
    keep?: KeepJobs;
    logger: { info(message: string): void };
  },
): Promise<void> {
  await scheduler.scheduleTask({
    id: options.id,
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 15 },
    fn: async signal => {
      const { deleted, kept } = await options.jobs.deleteFinished({
        beforeMs: Date.now() - options.days * DAY_MS,
        keep: options.keep,
        signal,
      });
      if (deleted || kept) {
        options.logger.info(
          `Deleted ${deleted} finished jobs older than ${options.days} days; kept ${kept} that open work still needs`,
        );
      }
    },
  });
}

/**
 * Schedules the deletion of rows older than the retention age configured at
 * `key` (`.days`, default 30): a global task (one replica at a time) every
 * 6 hours. `prune` deletes what is older than `beforeMs`, in batches,
 * stopping when `signal` aborts, and answers what to log (nothing when
 * nothing went). For integration modules' records of delivered messages,
 * links and tickets.
 *
 * @public
 */
export async function scheduleRowRetention(
  scheduler: JobRetentionScheduler,
  options: {
    /** The task's id, e.g. `productiv-home-jsm:retention`. */
    id: string;
    config: { getOptionalNumber(key: string): number | undefined };
    /** Where the age is configured, e.g. `productivHome.retention.deliveredMessages`. */
    key: string;
    logger: { info(message: string): void };
    prune(options: {
      beforeMs: number;
      days: number;
      signal: AbortSignal;
    }): Promise<string | undefined>;
  },
): Promise<void> {
  const days = retentionDays(options.config, options.key);
  await scheduler.scheduleTask({
    id: options.id,
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 20 },
    fn: async signal => {
      const said = await options.prune({
        beforeMs: Date.now() - days * DAY_MS,
        days,
        signal,
      });
      if (said) options.logger.info(said);
    },
  });
}
