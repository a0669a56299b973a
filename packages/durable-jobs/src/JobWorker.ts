import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JobLogger, JobRunner } from './JobRunner';

/**
 * The parts of Backstage's scheduler and lifecycle services a
 * {@link JobWorker} uses; `coreServices.scheduler` and
 * `coreServices.lifecycle` fit.
 *
 * @public
 */
export type JobWorkerPlatform = {
  scheduler: {
    scheduleTask(task: {
      id: string;
      scope: 'local';
      frequency: { seconds: number };
      timeout: { minutes: number };
      fn: () => Promise<void>;
    }): Promise<void>;
  };
  lifecycle: { addShutdownHook(hook: () => Promise<void>): void };
};

/**
 * Options of a {@link JobWorker}.
 *
 * @public
 */
export type JobWorkerOptions = {
  /** Drained together, each claiming only its own job types. */
  runners: JobRunner[];
  logger: JobLogger;
  /** How long one drain may run before it yields to the next. Default 60 s. */
  drainMs?: number;
};

/**
 * Drains a plugin's job table on this replica: on a local schedule, and at
 * once when a change queues work (`kick`). Kicks that arrive while a drain
 * runs are coalesced into one more drain, so work queued mid-drain is not
 * left for the next scheduled tick, and a burst of kicks costs two drains.
 *
 * @public
 */
export class JobWorker {
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: JobWorkerOptions) {}

  /** Starts a drain, or asks the running one to be followed by another. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    const { runners, logger, drainMs = 60_000 } = this.options;
    this.draining = Promise.all(
      runners.map(r => r.runOnce({ deadlineMs: Date.now() + drainMs })),
    )
      .then(() => undefined)
      .catch(error =>
        logger.warn('Running durable jobs failed', {
          error: (error as Error).message,
        }),
      )
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no drain is running, including the ones kicked meanwhile. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * Drains every `frequencySeconds` on this replica (claims keep replicas
   * apart) and waits for the running drain on shutdown.
   */
  async start(
    platform: JobWorkerPlatform,
    task: { id: string; frequencySeconds?: number; timeoutMinutes?: number },
  ): Promise<void> {
    platform.lifecycle.addShutdownHook(() => this.idle());
    await platform.scheduler.scheduleTask({
      id: task.id,
      scope: 'local',
      frequency: { seconds: task.frequencySeconds ?? 5 },
      timeout: { minutes: task.timeoutMinutes ?? 5 },
      fn: async () => {
        this.kick();
        await this.idle();
      },
    });
  }
}

/**
 * A name for this process's runners, unique per process: it marks the jobs
 * they lease.
 *
 * @public
 */
export function jobWorkerName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
