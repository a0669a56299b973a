import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { migrationsFor } from './migrations';

/**
 * Where a job is in its life.
 *
 * @public
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * JSON that a job carries or returns.
 *
 * @public
 */
export type JobJson =
  | string
  | number
  | boolean
  | null
  | JobJson[]
  | { [key: string]: JobJson };

/**
 * A job as stored. Times are epoch milliseconds.
 *
 * @public
 */
export type Job<P extends JobJson = JobJson> = {
  id: string;
  type: string;
  /** Idempotency key: one job per key, ever. */
  key: string;
  payload: P;
  status: JobStatus;
  /** Claims so far, including the running one. */
  attempts: number;
  maxAttempts: number;
  runAfterMs: number;
  lockedBy?: string;
  lockedUntilMs?: number;
  lastError?: string;
  result?: JobJson;
  createdAtMs: number;
  updatedAtMs: number;
};

/**
 * A job to add.
 *
 * @public
 */
export type NewJob = {
  type: string;
  key: string;
  payload: JobJson;
  /** Default 8. */
  maxAttempts?: number;
  /** Not before this time; default now. */
  runAfterMs?: number;
};

/**
 * Exponential backoff with jitter, between retries of a failed job: attempt
 * n waits between half and all of `min(maxMs, baseMs * factor^(n-1))`.
 *
 * @public
 */
export type Backoff = {
  /** Delay after the first failure, before jitter. Default 2 s. */
  baseMs: number;
  /** Growth per attempt. Default 2. */
  factor: number;
  /** Longest delay. Default 10 min. */
  maxMs: number;
};

/**
 * 2 s, doubling, at most 10 min: the default eight attempts span two to four
 * minutes of backoff.
 *
 * @public
 */
export const DEFAULT_BACKOFF: Backoff = {
  baseMs: 2_000,
  factor: 2,
  maxMs: 10 * 60_000,
};

type Row = {
  id: string;
  type: string;
  key: string;
  payload: string;
  status: JobStatus;
  attempts: number | string;
  max_attempts: number | string;
  run_after_ms: number | string;
  locked_by: string | null;
  locked_until_ms: number | string | null;
  last_error: string | null;
  result: string | null;
  created_at_ms: number | string;
  updated_at_ms: number | string;
};

function toJob(row: Row): Job {
  return {
    id: row.id,
    type: row.type,
    key: row.key,
    payload: JSON.parse(row.payload),
    status: row.status,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAfterMs: Number(row.run_after_ms),
    lockedBy: row.locked_by ?? undefined,
    lockedUntilMs:
      row.locked_until_ms === null ? undefined : Number(row.locked_until_ms),
    lastError: row.last_error ?? undefined,
    result: row.result === null ? undefined : JSON.parse(row.result),
    createdAtMs: Number(row.created_at_ms),
    updatedAtMs: Number(row.updated_at_ms),
  };
}

/**
 * A job table inside a plugin's own database. Enqueue is idempotent per key
 * and can join the caller's transaction, so a state change and the work it
 * causes are stored together. Claims are leases: a replica that dies loses
 * its jobs to the others when the lease ends, and a late finisher whose lease
 * was taken over changes nothing (fencing by lock holder). On PostgreSQL,
 * `FOR UPDATE SKIP LOCKED` keeps replicas from ever claiming the same job.
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

  private get isPostgres() {
    return this.knex.client.config.client === 'pg';
  }

  /** Adds jobs; keys already present are left as they are. Returns how many were added. */
  async enqueue(
    jobs: NewJob[],
    options?: { trx?: Knex.Transaction; nowMs?: number },
  ): Promise<number> {
    if (!jobs.length) return 0;
    const now = options?.nowMs ?? Date.now();
    const db = options?.trx ?? this.knex;
    const rows = jobs.map(job => ({
      id: randomUUID(),
      type: job.type,
      key: job.key,
      payload: JSON.stringify(job.payload),
      status: 'queued',
      attempts: 0,
      max_attempts: job.maxAttempts ?? 8,
      run_after_ms: job.runAfterMs ?? now,
      locked_by: null,
      locked_until_ms: null,
      last_error: null,
      result: null,
      created_at_ms: now,
      updated_at_ms: now,
    }));
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
    const now = options.nowMs ?? Date.now();
    const t = this.table;
    const types = options.types ?? [];
    const typeFilter = types.length
      ? `AND type IN (${types.map(() => '?').join(', ')})`
      : '';
    const lock = this.isPostgres ? 'FOR UPDATE SKIP LOCKED' : '';
    // Two index range scans that stop after `limit` rows, rather than one
    // OR that sorts every due job: a backlog of thousands made each claim
    // cost milliseconds. Expired leases (a dead replica's jobs) come first.
    const sql = `UPDATE ${t}
      SET status = 'running', locked_by = ?, locked_until_ms = ?,
          attempts = attempts + 1, updated_at_ms = ?
      WHERE id IN (
        SELECT id FROM (
          SELECT id FROM (
            SELECT id FROM ${t}
            WHERE status = 'running' AND locked_until_ms < ? ${typeFilter}
            ORDER BY locked_until_ms LIMIT ? ${lock}
          ) expired
          UNION ALL
          SELECT id FROM (
            SELECT id FROM ${t}
            WHERE status = 'queued' AND run_after_ms <= ? ${typeFilter}
            ORDER BY run_after_ms, created_at_ms LIMIT ? ${lock}
          ) due
        ) claimable
        LIMIT ?
      )
      RETURNING *`;
    const bindings = [
      options.worker,
      now + options.leaseMs,
      now,
      now,
      ...types,
      options.limit,
      now,
      ...types,
      options.limit,
      options.limit,
    ];
    const result = await this.knex.raw(sql, bindings);
    const rows: Row[] = this.isPostgres ? result.rows : result;
    return rows.map(toJob);
  }

  /** Extends the lease of a job this worker still holds. */
  async heartbeat(
    id: string,
    worker: string,
    leaseMs: number,
    nowMs = Date.now(),
  ): Promise<boolean> {
    const updated = await this.knex(this.table)
      .where({ id, status: 'running', locked_by: worker })
      .update({ locked_until_ms: nowMs + leaseMs, updated_at_ms: nowMs });
    return updated > 0;
  }

  /** Records success, if this worker still holds the job. */
  async complete(
    id: string,
    worker: string,
    result?: JobJson,
    nowMs = Date.now(),
  ): Promise<boolean> {
    const updated = await this.knex(this.table)
      .where({ id, status: 'running', locked_by: worker })
      .update({
        status: 'succeeded',
        result: result === undefined ? null : JSON.stringify(result),
        locked_by: null,
        locked_until_ms: null,
        updated_at_ms: nowMs,
      });
    return updated > 0;
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
    return this.knex.transaction(async trx => {
      const row: Row | undefined = await trx(this.table)
        .where({ id, status: 'running', locked_by: worker })
        .first();
      if (!row) return 'stale';
      const attempts = Number(row.attempts);
      const final = !failure.retryable || attempts >= Number(row.max_attempts);
      const { baseMs, factor, maxMs } = {
        ...this.backoff,
        ...failure.backoff,
      };
      const backoff = Math.min(maxMs, baseMs * factor ** (attempts - 1));
      // Jitter spreads retries of jobs that failed together.
      const delay = Math.max(
        backoff * (0.5 + Math.random() * 0.5),
        failure.retryAfterMs ?? 0,
      );
      // Fenced again: on PostgreSQL the read above locks nothing, so a claim
      // by another worker may have landed in between; it then wins.
      const updated = await trx(this.table)
        .where({ id, status: 'running', locked_by: worker })
        .update({
          status: final ? 'failed' : 'queued',
          run_after_ms: final ? row.run_after_ms : Math.round(nowMs + delay),
          last_error: failure.error.slice(0, 4000),
          locked_by: null,
          locked_until_ms: null,
          updated_at_ms: nowMs,
        });
      if (!updated) return 'stale';
      return final ? 'failed' : 'retry';
    });
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
    const row = await this.knex(this.table).where({ id }).first();
    return row ? toJob(row) : undefined;
  }

  /** One job by its idempotency key. */
  async getByKey(key: string): Promise<Job | undefined> {
    const row = await this.knex(this.table).where({ key }).first();
    return row ? toJob(row) : undefined;
  }

  /** Jobs, newest first, a page at a time (`cursor`: the last id of the previous page). */
  async list(options: {
    status?: JobStatus;
    type?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ items: Job[]; nextCursor?: string }> {
    const query = this.knex<Row>(this.table);
    if (options.status) query.where('status', options.status);
    if (options.type) query.where('type', options.type);
    if (options.cursor) {
      const after = await this.knex(this.table)
        .where({ id: options.cursor })
        .first('created_at_ms');
      if (after) {
        query.where(q =>
          q
            .where('created_at_ms', '<', after.created_at_ms)
            .orWhere(q2 =>
              q2
                .where('created_at_ms', after.created_at_ms)
                .andWhere('id', '<', options.cursor!),
            ),
        );
      }
    }
    const rows = await query
      .orderBy([
        { column: 'created_at_ms', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toJob);
    return {
      items,
      nextCursor:
        rows.length > options.limit ? items[items.length - 1].id : undefined,
    };
  }

  /** How many jobs are in each status. */
  async counts(): Promise<Record<JobStatus, number>> {
    const rows = (await this.knex(this.table)
      .select('status')
      .count({ n: '*' })
      .groupBy('status')) as Array<{ status: string; n: number | string }>;
    const counts: Record<JobStatus, number> = {
      queued: 0,
      running: 0,
      succeeded: 0,
      failed: 0,
    };
    for (const r of rows) counts[r.status as JobStatus] = Number(r.n);
    return counts;
  }
}
