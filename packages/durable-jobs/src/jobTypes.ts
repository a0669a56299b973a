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
