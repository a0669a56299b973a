/** What the pacer reads from an Okta answer. */
export type RateLimitAnswer = {
  status: number;
  headers: { get(name: string): string | null };
};

/**
 * Options of {@link RateLimitPacer}.
 *
 * @public
 */
export type RateLimitPacerOptions = {
  /**
   * Share of each window's budget that is never spent, for the org's other
   * clients and for calls that cross the window's end. Default 0.02 (at
   * least one call).
   */
  reserve?: number;
  /** Length of Okta's rate-limit window. Default one minute. */
  windowMs?: number;
  /** The clock; for tests. */
  now?: () => number;
};

/**
 * Figures of a pacer, for logs and benchmarks.
 *
 * @public
 */
export type RateLimitPacerStats = {
  /** Calls started. */
  calls: number;
  /** Calls that waited for their turn, and how long in all. */
  waits: number;
  waitedMs: number;
  /** Calls that waited for a window's reset, its budget spent. */
  resets: number;
  /** 429 answers received. */
  limited: number;
};

/** One Okta rate-limit bucket as the answers describe it. */
type Bucket = {
  /** Calls a window allows; 0 until an answer says. */
  limit: number;
  /** Calls left in the window, less the calls started since the answer. */
  remaining: number;
  /** When the window ends, on the local clock. */
  resetAtMs: number;
  /** Whether an answer from this window was seen (else it is assumed). */
  confirmed: boolean;
  /** Calls started and not answered. */
  inFlight: number;
  /** The earliest start of the next call. */
  nextAtMs: number;
};

/** Waits `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let onAbort = () => {};
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Okta's buckets are per endpoint family (users, groups, apps, logs...):
 * the first path segment after `/api/v1` (or `/oauth2`).
 */
export function bucketOf(url: string): string {
  const path = new URL(url, 'http://x').pathname.split('/').filter(Boolean);
  return path[0] === 'api' ? path.slice(0, 3).join('/') : path[0] ?? '';
}

/** Seconds since the epoch in a header, or NaN. */
function headerNumber(answer: RateLimitAnswer, name: string): number {
  const raw = answer.headers.get(name);
  return raw === null || raw === '' ? NaN : Number(raw);
}

/**
 * Paces calls to Okta from its `X-Rate-Limit-Limit`, `-Remaining` and
 * `-Reset` headers: each bucket's remaining calls (less a reserve) are spread
 * evenly over the time left in its window, never faster than the limit's
 * own rate, so a long batch runs at the limit without a 429 and without
 * spending the window at its start. When nothing is left, calls wait for the
 * window's reset. Until a bucket's first answer, one call goes at a time.
 *
 * @public
 */
export class RateLimitPacer {
  readonly stats: RateLimitPacerStats = {
    calls: 0,
    waits: 0,
    waitedMs: 0,
    resets: 0,
    limited: 0,
  };
  private readonly buckets = new Map<string, Bucket>();
  private readonly reserve: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: RateLimitPacerOptions = {}) {
    this.reserve = options.reserve ?? 0.02;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Waits until a call in `bucket` may start, and counts it as started.
   * Call the returned function with the call's answer (or with nothing when
   * it got none). Rejects with the signal's reason if it fires first.
   */
  async acquire(
    bucket: string,
    signal?: AbortSignal,
  ): Promise<(answer?: RateLimitAnswer) => void> {
    const b = this.bucket(bucket);
    let waited = 0;
    let reset = false;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      const wait = this.waitFor(b, now);
      if (wait <= 0) break;
      waited += wait;
      reset ||= b.limit > 0 && b.remaining - this.reserveOf(b) <= 0;
      await sleep(wait, signal);
    }
    if (waited > 0) {
      this.stats.waits++;
      this.stats.waitedMs += waited;
    }
    if (reset) this.stats.resets++;
    this.stats.calls++;
    b.inFlight++;
    if (b.limit > 0) b.remaining--;
    let answered = false;
    return answer => {
      if (answered) return;
      answered = true;
      b.inFlight--;
      if (answer) this.learn(b, answer);
    };
  }

  /** How long a call must wait (0: it may start now, and takes its slot). */
  private waitFor(b: Bucket, now: number): number {
    if (b.limit === 0) {
      // Nothing known yet: one call at a time until an answer says more.
      return b.inFlight === 0 ? 0 : 10;
    }
    if (now >= b.resetAtMs) {
      // The window ended: assume the next one, until an answer confirms it.
      const windows = Math.floor((now - b.resetAtMs) / this.windowMs) + 1;
      b.resetAtMs += windows * this.windowMs;
      b.remaining = b.limit - b.inFlight;
      b.confirmed = false;
      b.nextAtMs = now;
    }
    const spendable = b.remaining - this.reserveOf(b);
    if (spendable <= 0) {
      // Spent: wait for the reset (and a little, for the server's clock).
      return b.resetAtMs - now + 50;
    }
    if (b.nextAtMs > now) return b.nextAtMs - now;
    const interval = Math.max(
      (b.resetAtMs - now) / spendable,
      this.windowMs / b.limit,
    );
    // A late start does not push the following slots back: the schedule
    // keeps its rate despite timer delays.
    b.nextAtMs = Math.max(b.nextAtMs, now - interval) + interval;
    return 0;
  }

  /** Calls of a window never spent. */
  private reserveOf(b: Bucket): number {
    return Math.max(1, Math.ceil(b.limit * this.reserve));
  }

  private learn(b: Bucket, answer: RateLimitAnswer) {
    if (answer.status === 429) this.stats.limited++;
    const limit = headerNumber(answer, 'x-rate-limit-limit');
    const remaining = headerNumber(answer, 'x-rate-limit-remaining');
    const reset = headerNumber(answer, 'x-rate-limit-reset');
    if (!(limit > 0) || !Number.isFinite(remaining) || !(reset > 0)) return;
    const now = this.now();
    // The reset is on the server's clock; its Date header says how far
    // that is from ours (to the second, so smaller offsets are ignored).
    const date = Date.parse(answer.headers.get('date') ?? '');
    const offset = Number.isNaN(date) ? 0 : date - now;
    const resetAtMs = reset * 1000 - (Math.abs(offset) > 1500 ? offset : 0);
    if (answer.status === 429) {
      // A 429 that says this window's budget is spent stops the bucket
      // until the window's reset. Others (a budget shown as left, another
      // reset: a concurrency limit, another bucket) only go to the caller,
      // whose job retries after the reset they name.
      const sameWindow =
        b.limit > 0 && Math.abs(resetAtMs - b.resetAtMs) < 1000;
      if (remaining > 0 || !sameWindow) return;
      b.remaining = 0;
      return;
    }
    if (b.limit === 0 || resetAtMs > b.resetAtMs || !b.confirmed) {
      // A new window (or the first answer): take what it says.
      if (b.confirmed && resetAtMs < b.resetAtMs) return;
      b.limit = limit;
      b.remaining = remaining - b.inFlight;
      b.resetAtMs = resetAtMs;
      b.confirmed = true;
      b.nextAtMs = Math.min(b.nextAtMs, now);
      return;
    }
    if (resetAtMs < b.resetAtMs) return; // an answer from the last window
    b.limit = limit;
    // Our own calls since then are counted already; others' show here.
    b.remaining = Math.min(b.remaining, remaining - b.inFlight);
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = {
        limit: 0,
        remaining: 0,
        resetAtMs: 0,
        confirmed: false,
        inFlight: 0,
        nextAtMs: 0,
      };
      this.buckets.set(key, b);
    }
    return b;
  }
}
