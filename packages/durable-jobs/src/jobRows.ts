import { randomUUID } from 'node:crypto';
import { Job, JobStatus, NewJob } from './jobTypes';

/** A job as the table holds it; numbers may come back as strings (PostgreSQL bigint). */
export type JobRow = {
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

/** A stored row as a {@link Job}. */
export function toJob(row: JobRow): Job {
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

/** The row that enqueueing `job` at `now` inserts: queued, no attempts yet. */
export function toNewRow(job: NewJob, now: number) {
  return {
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
  };
}
