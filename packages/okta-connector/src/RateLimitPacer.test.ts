import { RateLimitPacer } from './RateLimitPacer';

/** A fixed-window rate limit like Okta's (and the sandbox's), one second long. */
class FakeLimit {
  private window = -1;
  used = 0;
  rejected = 0;
  constructor(readonly limit: number) {}

  answer(now = Date.now()) {
    const window = Math.floor(now / 1000);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    else this.rejected++;
    const headers = new Map([
      ['x-rate-limit-limit', String(this.limit)],
      ['x-rate-limit-remaining', String(Math.max(0, this.limit - this.used))],
      ['x-rate-limit-reset', String(window + 1)],
    ]);
    return {
      status: allowed ? 200 : 429,
      headers: { get: (name: string) => headers.get(name) ?? null },
    };
  }
}

describe('RateLimitPacer', () => {
  it('runs a long batch near the limit, spread over each window, without a 429', async () => {
    const limit = new FakeLimit(50);
    const pacer = new RateLimitPacer({ windowMs: 1000, reserve: 0.04 });
    const starts: number[] = [];
    let next = 0;
    const total = 150;
    const worker = async () => {
      while (next < total) {
        next++;
        const done = await pacer.acquire('api/v1/groups');
        starts.push(Date.now());
        await new Promise(r => setTimeout(r, 2));
        done(limit.answer());
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(limit.rejected).toBe(0);
    expect(pacer.stats).toMatchObject({ calls: total, limited: 0 });
    // Never more than the limit in any second, and no burst: no 10 calls
    // within 50 ms.
    const perSecond = new Map<number, number>();
    for (const s of starts) {
      const second = Math.floor(s / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(50);
    starts.sort((a, b) => a - b);
    for (let i = 10; i < starts.length; i++) {
      expect(starts[i] - starts[i - 10]).toBeGreaterThanOrEqual(50);
    }
    // About the limit's rate: 150 calls at 50/s take about 3 s.
    const seconds = (starts[starts.length - 1] - starts[0]) / 1000;
    expect(total / seconds).toBeGreaterThan(0.8 * 50);
  });

  it("waits for the window's reset once a 429 says its budget is spent, and not for other 429s", async () => {
    const pacer = new RateLimitPacer({ windowMs: 1000 });
    const answer = (status: number, remaining: number, reset: number) => ({
      status,
      headers: {
        get: (name: string) =>
          ({
            'x-rate-limit-limit': '100',
            'x-rate-limit-remaining': String(remaining),
            'x-rate-limit-reset': String(reset),
          }[name] ?? null),
      },
    });
    const reset = Math.ceil(Date.now() / 1000) + 1;
    (await pacer.acquire('api/v1/users'))(answer(200, 90, reset));
    // 429s that do not say this window is spent: budget left, or another
    // reset (a concurrency limit, a fault).
    (await pacer.acquire('api/v1/users'))(answer(429, 80, reset));
    (await pacer.acquire('api/v1/users'))(answer(429, 0, reset + 30));
    let started = Date.now();
    (await pacer.acquire('api/v1/users'))(answer(429, 0, reset));
    expect(Date.now() - started).toBeLessThan(200);
    const done = await pacer.acquire('api/v1/users');
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000);
    expect(Date.now()).toBeLessThan(reset * 1000 + 1000);
    expect(pacer.stats.resets).toBe(1);
    done();
    // Other buckets are not held up.
    started = Date.now();
    (await pacer.acquire('api/v1/groups'))();
    expect(Date.now() - started).toBeLessThan(100);
    expect(pacer.stats.limited).toBe(3);
  });

  it('gives up waiting when the signal fires', async () => {
    const pacer = new RateLimitPacer();
    const first = await pacer.acquire('api/v1/apps');
    // Until the first answer, calls go one at a time.
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('job timed out')), 50);
    await expect(
      pacer.acquire('api/v1/apps', controller.signal),
    ).rejects.toThrow('job timed out');
    first();
  });
});
