import { Knex } from 'knex';
import { JobRow, toJob } from './jobRows';
import type { JobStore } from './JobStore';
import { Backoff, Job, JobJson } from './jobTypes';

/**
 * The lease side of the job table: claims, heartbeats and the finishers.
 * Every write after the claim is fenced by lock holder, so a worker whose
 * lease was taken over changes nothing.
 */

function isPostgres(knex: Knex) {
  return knex.client.config.client === 'pg';
}

/** {@link JobStore.claim}: due jobs, running for `worker` until now + lease. */
export async function claimJobs(
  knex: Knex,
  table: string,
  options: Parameters<JobStore['claim']>[0],
): Promise<Job[]> {
  const now = options.nowMs ?? Date.now();
  const t = table;
  const types = options.types ?? [];
  const typeFilter = types.length
    ? `AND type IN (${types.map(() => '?').join(', ')})`
    : '';
  const lock = isPostgres(knex) ? 'FOR UPDATE SKIP LOCKED' : '';
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
  const result = await knex.raw(sql, bindings);
  const rows: JobRow[] = isPostgres(knex) ? result.rows : result;
  return rows.map(toJob);
}

/** Extends the lease of a job this worker still holds. */
export async function heartbeatJob(
  knex: Knex,
  table: string,
  lease: { id: string; worker: string; leaseMs: number; nowMs: number },
): Promise<boolean> {
  const { id, worker, leaseMs, nowMs } = lease;
  const updated = await knex(table)
    .where({ id, status: 'running', locked_by: worker })
    .update({ locked_until_ms: nowMs + leaseMs, updated_at_ms: nowMs });
  return updated > 0;
}

/** Records success, if this worker still holds the job. */
export async function completeJob(
  knex: Knex,
  table: string,
  lease: { id: string; worker: string; nowMs: number },
  result?: JobJson,
): Promise<boolean> {
  const { id, worker, nowMs } = lease;
  const updated = await knex(table)
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

/** {@link JobStore.fail}: queued again after the backoff, or failed. */
export async function failJob(
  knex: Knex,
  table: string,
  lease: { id: string; worker: string; nowMs: number },
  failure: Parameters<JobStore['fail']>[2],
  storeBackoff: Backoff,
): Promise<'retry' | 'failed' | 'stale'> {
  const { id, worker, nowMs } = lease;
  return knex.transaction(async trx => {
    const row: JobRow | undefined = await trx(table)
      .where({ id, status: 'running', locked_by: worker })
      .first();
    if (!row) return 'stale';
    const attempts = Number(row.attempts);
    const final = !failure.retryable || attempts >= Number(row.max_attempts);
    const { baseMs, factor, maxMs } = {
      ...storeBackoff,
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
    const updated = await trx(table)
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
