import { Knex } from 'knex';
import { migrationsFor } from './migrations';
import { toNewRow } from './jobRows';
import { claimJobs, completeJob, failJob, heartbeatJob } from './jobLeases';
import { countJobs, findJob, listJobs } from './jobQueries';
import { DeleteFinishedOptions, deleteFinishedJobs } from './jobRetention';
import {
  Backoff,
  DEFAULT_BACKOFF,
  Job,
  JobJson,
  JobStatus,
  NewJob,
} from './jobTypes';

export type { Backoff, Job, JobJson, JobStatus, NewJob } from './jobTypes';
export { DEFAULT_BACKOFF } from './jobTypes';

/**
 * A job table inside a plugin's own database. Enqueue is idempotent per key
 * and can join the caller's transaction, so a state change and the work it
 * causes are stored together. Claims are leases: a replica that dies loses
 * its jobs to the others when the lease ends, and a late finisher whose lease
 * was taken over changes nothing (fencing by lock holder). On PostgreSQL,
 * `FOR UPDATE SKIP LOCKED` keeps replicas from ever claiming the same job.
 *
 * The SQL lives beside it: leases in `jobLeases.ts`, reads in
 * `jobQueries.ts`, row mapping in `jobRows.ts`.
 *
 * @public
 */
export class JobStore {
  private constructor(
    private readonly knex: Knex,
    private readonly table: string,
    private readonly backoff: Backoff,
  ) {}

  /** Opens the table, creating or upgrading it first. */
  static async create(options: {
    knex: Knex;
    /** Default `jobs`. Several plugins sharing a database use their own. */
    table?: string;
    /** Default {@link DEFAULT_BACKOFF}. */
    backoff?: Partial<Backoff>;
    /** For a second store on a table that another has already migrated. */
    skipMigrations?: boolean;
  }): Promise<JobStore> {
    const table = options.table ?? 'jobs';
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({
        tableName: `${table}__knex_migrations`,
        migrationSource: migrationsFor(table),
      });
    }
    return new JobStore(options.knex, table, {
      ...DEFAULT_BACKOFF,
      ...options.backoff,
    });
  }

  /** Adds jobs; keys already present are left as they are. Returns how many were added. */
  async enqueue(
    jobs: NewJob[],
    options?: { trx?: Knex.Transaction; nowMs?: number },
  ): Promise<number> {
    if (!jobs.length) return 0;
    const now = options?.nowMs ?? Date.now();
    const db = options?.trx ?? this.knex;
    const rows = jobs.map(job => toNewRow(job, now));
    // Key order: two transactions enqueueing overlapping keys then wait for
    // each other in the same order instead of deadlocking (PostgreSQL).
    rows.sort((x, y) => (x.key < y.key ? -1 : Number(x.key > y.key)));
    let added = 0;
    // 14 columns x 100 rows stays well under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 100) {
      const inserted = await db(this.table)
        .insert(rows.slice(i, i + 100))
        .onConflict('key')
        .ignore()
        .returning('id');
      added += inserted.length;
    }
    return added;
  }

  /**
   * Marks up to `limit` due jobs as running for `worker` until now + lease
   * and returns them. Due: queued and not before `run_after_ms`, or running
   * with an expired lease.
   */
  async claim(options: {
    worker: string;
    limit: number;
    leaseMs: number;
    nowMs?: number;
    types?: string[];
  }): Promise<Job[]> {
    return claimJobs(this.knex, this.table, options);
  }

  /** Extends the lease of a job this worker still holds. */
  async heartbeat(
    id: string,
    worker: string,
    leaseMs: number,
    nowMs = Date.now(),
  ): Promise<boolean> {
    return heartbeatJob(this.knex, this.table, { id, worker, leaseMs, nowMs });
  }

  /** Records success, if this worker still holds the job. */
  async complete(
    id: string,
    worker: string,
    result?: JobJson,
    nowMs = Date.now(),
  ): Promise<boolean> {
    return completeJob(this.knex, this.table, { id, worker, nowMs }, result);
  }

  /**
   * Records a failure, if this worker still holds the job: a retryable one
   * is queued again after the backoff (never sooner than `retryAfterMs`)
   * while attempts remain; otherwise the job is failed.
   */
  async fail(
    id: string,
    worker: string,
    failure: {
      error: string;
      retryable: boolean;
      retryAfterMs?: number;
      /** Overrides the store's backoff for this job. */
      backoff?: Partial<Backoff>;
    },
    nowMs = Date.now(),
  ): Promise<'retry' | 'failed' | 'stale'> {
    return failJob(
      this.knex,
      this.table,
      { id, worker, nowMs },
      failure,
      this.backoff,
    );
  }

  /** An admin's retry of a failed job: queued again, attempts reset. */
  async retry(id: string, nowMs = Date.now()): Promise<boolean> {
    const updated = await this.knex(this.table)
      .where({ id, status: 'failed' })
      .update({
        status: 'queued',
        attempts: 0,
        run_after_ms: nowMs,
        updated_at_ms: nowMs,
      });
    return updated > 0;
  }

  /** One job by id. */
  async get(id: string): Promise<Job | undefined> {
    return findJob(this.knex, this.table, { id });
  }

  /** One job by its idempotency key. */
  async getByKey(key: string): Promise<Job | undefined> {
    return findJob(this.knex, this.table, { key });
  }

  /** Jobs, newest first, a page at a time (`cursor`: the last id of the previous page). */
  async list(options: {
    status?: JobStatus;
    type?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ items: Job[]; nextCursor?: string }> {
    return listJobs(this.knex, this.table, options);
  }

  /**
   * Deletes finished jobs (succeeded or failed) last changed before
   * `beforeMs`, in batches, except those `keep` names; never a queued or
   * running one. Returns how many went and how many were kept.
   */
  async deleteFinished(
    options: DeleteFinishedOptions,
  ): Promise<{ deleted: number; kept: number }> {
    return deleteFinishedJobs(this.knex, this.table, options);
  }

  /** How many jobs are in each status. */
  async counts(): Promise<Record<JobStatus, number>> {
    return countJobs(this.knex, this.table);
  }
}
