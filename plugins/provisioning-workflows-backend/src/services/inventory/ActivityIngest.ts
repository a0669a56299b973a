import { LoggerService } from '@backstage/backend-plugin-api';
import { ActivityStore } from '../../database/ActivityStore';
import { RunStore } from '../../database/RunStore';
import { OktaGateway } from './OktaGateway';

const SOURCE = 'okta-sso';
const DAY_MS = 24 * 3600 * 1000;

export type IngestSettings = {
  /** Events younger than this are left for the next run (Okta's ingestion delay). */
  lagMs: number;
  /** Each run re-reads this much before the high-water mark, to catch late events. */
  overlapMs: number;
  /** Longest window read and committed at once. */
  windowMs: number;
  /** How far back the first run reads. */
  backfillDays: number;
  /**
   * Days of daily counts (and ended assignment intervals) kept; older ones
   * are deleted after each run. A backtest a year back of a 90-day rule
   * needs about 455.
   */
  retentionDays: number;
  /** Attempts per window before the run gives up (each after a longer pause). */
  attempts: number;
  retryDelayMs: number;
};

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  lagMs: 2 * 60_000,
  overlapMs: 60 * 60_000,
  windowMs: DAY_MS,
  backfillDays: 90,
  retentionDays: 400,
  attempts: 5,
  retryDelayMs: 2_000,
};

/**
 * Ingests Okta `user.authentication.sso` events into daily sign-in counts and
 * last sign-ins. Reads bounded windows from a persisted high-water mark;
 * each window is committed with its new mark in one transaction, so a
 * failure loses nothing and a retry counts nothing twice. Events read again
 * in the overlap are recognised by uuid.
 */
export class ActivityIngest {
  constructor(
    private readonly deps: {
      okta: OktaGateway;
      activity: ActivityStore;
      runs: RunStore;
      logger: LoggerService;
      settings?: Partial<IngestSettings>;
      now?: () => number;
    },
  ) {}

  async run(): Promise<{ runId: string; stats: Record<string, number> }> {
    const { okta, activity, runs, logger } = this.deps;
    const settings = { ...DEFAULT_INGEST_SETTINGS, ...this.deps.settings };
    const now = (this.deps.now ?? Date.now)();
    const run = await runs.start('activity-ingest');
    const stats = {
      windows: 0,
      eventsRead: 0,
      eventsCounted: 0,
      duplicatesSkipped: 0,
      retries: 0,
      rateLimitWaits: 0,
      rowsPruned: 0,
    };
    const pacingBefore = okta.executor.pacer.stats.resets;
    try {
      const previous = await activity.highWater(SOURCE);
      const end = now - settings.lagMs;
      let highWater = previous ?? now - settings.backfillDays * DAY_MS;
      let since =
        previous === undefined ? highWater : highWater - settings.overlapMs;
      while (since < end) {
        // Windows end on UTC day boundaries, so a backfill commits day by day.
        const until = Math.min(
          end,
          since + settings.windowMs,
          Math.floor(since / DAY_MS) * DAY_MS + DAY_MS,
        );
        const windowStart = since;
        const previousMark = highWater;
        const counted = await this.withRetries(settings, stats, () =>
          this.ingestWindow(windowStart, until, previousMark, settings),
        );
        stats.windows++;
        stats.eventsRead += counted.read;
        stats.eventsCounted += counted.counted;
        stats.duplicatesSkipped += counted.duplicates;
        highWater = until;
        since = until;
      }
      stats.rateLimitWaits = okta.executor.pacer.stats.resets - pacingBefore;
      stats.rowsPruned = await activity.pruneBefore(
        new Date(now - settings.retentionDays * DAY_MS)
          .toISOString()
          .slice(0, 10),
      );
      await runs.finish(run.id, { stats });
      logger.info('Activity ingest finished', { runId: run.id, ...stats });
      return { runId: run.id, stats };
    } catch (error) {
      stats.rateLimitWaits = okta.executor.pacer.stats.resets - pacingBefore;
      await runs.finish(run.id, { stats, error: (error as Error).message });
      logger.error('Activity ingest failed', {
        runId: run.id,
        error: (error as Error).message,
      });
      throw error;
    }
  }

  private async withRetries<T>(
    settings: IngestSettings,
    stats: { retries: number },
    fn: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (attempt >= settings.attempts) throw error;
        stats.retries++;
        this.deps.logger.warn(
          `Activity window failed (attempt ${attempt}), retrying`,
          { error: (error as Error).message },
        );
        await new Promise(r =>
          setTimeout(r, settings.retryDelayMs * 2 ** (attempt - 1)),
        );
      }
    }
  }

  private async ingestWindow(
    since: number,
    until: number,
    previousHighWater: number,
    settings: IngestSettings,
  ) {
    const daily = new Map<
      string,
      { oktaUserId: string; instanceId: string; day: string; signIns: number }
    >();
    const last = new Map<
      string,
      { oktaUserId: string; instanceId: string; lastSignInMs: number }
    >();
    const seen: Array<{ uuid: string; publishedMs: number }> = [];
    const overlapEvents: Array<{
      uuid: string;
      publishedMs: number;
      oktaUserId: string;
      instanceId: string;
    }> = [];
    let read = 0;
    let counted = 0;

    const count = (e: {
      uuid: string;
      publishedMs: number;
      oktaUserId: string;
      instanceId: string;
    }) => {
      const day = new Date(e.publishedMs).toISOString().slice(0, 10);
      const key = `${e.oktaUserId}|${e.instanceId}`;
      const d = daily.get(`${key}|${day}`);
      if (d) d.signIns++;
      else
        daily.set(`${key}|${day}`, {
          oktaUserId: e.oktaUserId,
          instanceId: e.instanceId,
          day,
          signIns: 1,
        });
      const l = last.get(key);
      if (!l)
        last.set(key, {
          oktaUserId: e.oktaUserId,
          instanceId: e.instanceId,
          lastSignInMs: e.publishedMs,
        });
      else if (e.publishedMs > l.lastSignInMs) l.lastSignInMs = e.publishedMs;
      counted++;
    };

    for await (const e of this.deps.okta.readSsoEvents(since, until)) {
      read++;
      // Events before the previous mark may have been counted by an earlier window.
      if (e.publishedMs < previousHighWater) overlapEvents.push(e);
      else count(e);
      if (e.publishedMs >= until - settings.overlapMs)
        seen.push({ uuid: e.uuid, publishedMs: e.publishedMs });
    }
    const known = await this.deps.activity.alreadySeen(
      overlapEvents.map(e => e.uuid),
    );
    for (const e of overlapEvents) if (!known.has(e.uuid)) count(e);

    await this.deps.activity.commitWindow({
      source: SOURCE,
      highWaterMs: until,
      daily: [...daily.values()],
      last: [...last.values()],
      seen,
      forgetSeenBeforeMs: until - 2 * settings.overlapMs,
    });
    return { read, counted, duplicates: known.size };
  }
}
