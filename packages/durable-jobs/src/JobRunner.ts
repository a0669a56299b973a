import { classifyError } from './errors';
import { Backoff, Job, JobJson, JobStore } from './JobStore';

/**
 * What a handler gets besides the job.
 *
 * @public
 */
export type JobContext = {
  /** Aborted when the handler runs past `timeoutMs`. */
  signal: AbortSignal;
  /** Stable across retries and replicas: pass it to external systems that deduplicate. */
  idempotencyKey: string;
  /** 1 on the first run. */
  attempt: number;
  /**
   * Extends this run's lease (default: the runner's `leaseMs`) for work that
   * may outlast it. False: the lease was lost and another worker may have
   * the job; stop, as nothing this run records will count.
   */
  heartbeat(leaseMs?: number): Promise<boolean>;
};

/**
 * Does one job. Throw to fail: {@link classifyError} decides whether the
 * job is retried.
 *
 * @public
 */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<JobJson | void>;

/**
 * How a job's run ended.
 *
 * @public
 */
export type JobOutcome =
  | { status: 'succeeded'; result?: JobJson }
  | { status: 'retry'; error: string }
  | { status: 'failed'; error: string };

/**
 * Where the runner reports final failures; a Backstage `LoggerService` fits.
 *
 * @public
 */
export type JobLogger = {
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
};

/**
 * Options of a {@link JobRunner}.
 *
 * @public
 */
export type JobRunnerOptions = {
  store: JobStore;
  /** This replica; unique per process. */
  worker: string;
  /** One per job type; the runner claims only these types. */
  handlers: Record<string, JobHandler>;
  /** Jobs run at once. Default 4. */
  concurrency?: number;
  /** Default 60 s; also the time a crashed replica's jobs wait. */
  leaseMs?: number;
  /** Default 30 s. */
  timeoutMs?: number;
  /** Backoff between retries; default the store's. */
  backoff?: Partial<Backoff>;
  logger?: JobLogger;
  /** Called after every run; `failed` is final (no retry left). */
  onFinished?: (job: Job, outcome: JobOutcome) => Promise<void>;
};

/**
 * Runs due jobs of a {@link JobStore}: claims them with a lease, runs up to
 * `concurrency` at once, times them out, and records success, a retry with
 * backoff, or the final failure. Call `runOnce` from a scheduled task on
 * every replica; the store's claims keep replicas apart.
 *
 * @public
 */
export class JobRunner {
  constructor(private readonly options: JobRunnerOptions) {}

  /**
   * Keeps claiming and running due jobs until none are due or `deadlineMs`
   * has passed; returns what happened.
   */
  async runOnce(options?: {
    deadlineMs?: number;
  }): Promise<{ succeeded: number; retried: number; failed: number }> {
    const {
      store,
      worker,
      concurrency = 4,
      leaseMs = 60_000,
      types,
    } = { ...this.options, types: Object.keys(this.options.handlers) };
    const counts = { succeeded: 0, retried: 0, failed: 0 };
    const running = new Set<Promise<void>>();
    let exhausted = false;
    const pastDeadline = () =>
      options?.deadlineMs !== undefined && Date.now() > options.deadlineMs;

    while (!pastDeadline()) {
      const free = concurrency - running.size;
      if (!exhausted && free > 0) {
        const jobs = await store.claim({
          worker,
          limit: free,
          leaseMs,
          types,
        });
        for (const job of jobs) {
          const run = this.runJob(job, counts).finally(() =>
            running.delete(run),
          );
          running.add(run);
        }
        // A full batch: more may be due, and jobs that ended during the
        // claim have freed slots; fill them now rather than after the next
        // job ends (jobs that end together would otherwise run half as wide).
        if (jobs.length === free) continue;
        exhausted = true;
      }
      if (!running.size) break; // nothing running and nothing due
      // Wait for one to finish, then look for more work.
      await Promise.race(running);
      exhausted = false;
    }
    await Promise.all(running);
    return counts;
  }

  private async runJob(
    job: Job,
    counts: { succeeded: number; retried: number; failed: number },
  ): Promise<void> {
    const { store, worker, handlers, logger, backoff } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const leaseMs = this.options.leaseMs ?? 60_000;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let outcome: JobOutcome;
    try {
      const result = await Promise.race([
        handlers[job.type](job, {
          signal: controller.signal,
          idempotencyKey: job.key,
          attempt: job.attempts,
          heartbeat: (ms = leaseMs) => store.heartbeat(job.id, worker, ms),
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new Error(
              `Job ${job.type} timed out after ${timeoutMs} ms`,
            );
            error.name = 'TimeoutError';
            controller.abort(error);
            reject(error);
          }, timeoutMs);
        }),
      ]);
      const applied = await store.complete(job.id, worker, result ?? undefined);
      if (!applied) return; // another replica took the job over
      outcome = { status: 'succeeded', result: result ?? undefined };
      counts.succeeded++;
    } catch (error) {
      const { retryable, retryAfterMs, message } = classifyError(error);
      // A call that timed out may still land: give it time to, so that the
      // retry finds its effect (a membership, a ticket) instead of redoing it.
      const timedOut = (error as Error)?.name === 'TimeoutError';
      const state = await store.fail(job.id, worker, {
        error: message,
        retryable,
        retryAfterMs: timedOut
          ? Math.max(retryAfterMs ?? 0, timeoutMs * 2)
          : retryAfterMs,
        backoff,
      });
      if (state === 'stale') return;
      outcome =
        state === 'retry'
          ? { status: 'retry', error: message }
          : { status: 'failed', error: message };
      if (state === 'retry') counts.retried++;
      else counts.failed++;
      if (state === 'failed') {
        logger?.warn(`Job ${job.type} ${job.key} failed for good`, {
          error: message,
          attempts: job.attempts,
        });
      }
    } finally {
      clearTimeout(timer);
    }
    try {
      await this.options.onFinished?.(job, outcome);
    } catch (error) {
      logger?.error(`Could not record the outcome of job ${job.key}`, {
        error: (error as Error).message,
      });
    }
  }
}
