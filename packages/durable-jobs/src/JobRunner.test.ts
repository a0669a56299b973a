import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { JobOutcome, JobRunner } from './JobRunner';
import { Job, JobStore, NewJob } from './JobStore';
import { PermanentError, RetryableError } from './errors';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise(res => setTimeout(res, ms));

describe('JobRunner', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const pools: Knex[] = [];

  afterAll(async () => {
    await Promise.all(pools.map(p => p.destroy()));
  });

  /**
   * One store per replica. On PostgreSQL each replica has its own
   * connection pool to the same database, as separate backend processes
   * would; SQLite has one writer, so there is one replica.
   */
  async function replicas(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const first = await JobStore.create({ knex });
    const stores = [first];
    if (id === 'POSTGRES_15') {
      const other = knexFactory({
        client: 'pg',
        connection: knex.client.config.connection,
        pool: { min: 0, max: 5 },
      });
      pools.push(other);
      stores.push(await JobStore.create({ knex: other, skipMigrations: true }));
    }
    return { knex, first, stores };
  }

  /** Runs `runOnce` until nothing is queued or running. */
  async function drain(store: JobStore, runner: JobRunner) {
    const totals = { succeeded: 0, retried: 0, failed: 0, rounds: 0 };
    for (; totals.rounds < 500; totals.rounds++) {
      const c = await runner.runOnce();
      totals.succeeded += c.succeeded;
      totals.retried += c.retried;
      totals.failed += c.failed;
      const { queued, running } = await store.counts();
      if (queued === 0 && running === 0) break;
      await sleep(5); // retries wait a few ms
    }
    return totals;
  }

  const grants = (n: number): NewJob[] =>
    Array.from({ length: n }, (_, i) => ({
      type: 'grant',
      key: `grant:${i}`,
      payload: i,
      maxAttempts: 30,
    }));

  it.each(databases.eachSupportedId())(
    'drains 1,000 jobs from replicas on their own pools; every handler runs exactly once (%p)',
    async id => {
      const { first, stores } = await replicas(id);
      await first.enqueue(grants(1000));
      const runs = new Map<string, number>();
      const runners = stores.map(
        (store, i) =>
          new JobRunner({
            store,
            worker: `replica-${i}`,
            concurrency: 8,
            handlers: {
              grant: async job => {
                runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
                await sleep(1); // a call's round trip, so replicas overlap
                return { granted: job.payload };
              },
            },
          }),
      );
      const results = await Promise.all(
        runners.map((r, i) => drain(stores[i], r)),
      );

      expect(runs.size).toBe(1000);
      expect([...runs.values()].filter(n => n !== 1)).toEqual([]);
      expect(results.reduce((n, r) => n + r.succeeded, 0)).toBe(1000);
      for (const r of results) expect(r.succeeded).toBeGreaterThan(0);
      expect(await first.counts()).toEqual({
        queued: 0,
        running: 0,
        succeeded: 1000,
        failed: 0,
      });
      expect((await first.getByKey('grant:7'))?.result).toEqual({
        granted: 7,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'with 20% of calls failing (seeded), every job still succeeds exactly once (%p)',
    async id => {
      const { first, stores } = await replicas(id);
      await first.enqueue(grants(1000));
      let seed = 42;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const succeeded = new Map<string, number>();
      let calls = 0;
      const runners = stores.map(
        (store, i) =>
          new JobRunner({
            store,
            worker: `replica-${i}`,
            concurrency: 8,
            // The runner's backoff wins over the store's 2 s default.
            backoff: { baseMs: 2, factor: 1, maxMs: 2 },
            handlers: {
              grant: async job => {
                calls++;
                if (random() < 0.2) {
                  throw Object.assign(new Error('Too Many Requests'), {
                    status: 429,
                  });
                }
                succeeded.set(job.key, (succeeded.get(job.key) ?? 0) + 1);
              },
            },
          }),
      );
      const results = await Promise.all(
        runners.map((r, i) => drain(stores[i], r)),
      );

      expect(succeeded.size).toBe(1000);
      expect([...succeeded.values()].filter(n => n !== 1)).toEqual([]);
      const retried = results.reduce((n, r) => n + r.retried, 0);
      expect(retried).toBeGreaterThan(150); // about 250 of 1,250 calls
      expect(calls).toBe(1000 + retried);
      expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
      expect(await first.counts()).toEqual({
        queued: 0,
        running: 0,
        succeeded: 1000,
        failed: 0,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'aborts a handler past its timeout and retries it after twice the timeout (%p)',
    async id => {
      const { first: store } = await replicas(id);
      await store.enqueue([{ type: 'slow', key: 'slow:1', payload: null }]);
      let aborted: unknown;
      const runner = new JobRunner({
        store,
        worker: 'w',
        timeoutMs: 50,
        backoff: { baseMs: 1, factor: 1, maxMs: 1 },
        handlers: {
          slow: (_job, { signal }) =>
            new Promise((_, reject) => {
              signal.addEventListener('abort', () => {
                aborted = signal.reason;
                reject(signal.reason);
              });
            }),
        },
      });
      const before = Date.now();
      expect(await runner.runOnce()).toEqual({
        succeeded: 0,
        retried: 1,
        failed: 0,
      });
      expect((aborted as Error).name).toBe('TimeoutError');
      const job = (await store.getByKey('slow:1'))!;
      expect(job).toMatchObject({ status: 'queued', attempts: 1 });
      expect(job.lastError).toMatch(/timed out after 50 ms/);
      // A timed-out call may still land: the retry waits twice the timeout
      // for it, not the 1 ms backoff.
      expect(job.runAfterMs).toBeGreaterThanOrEqual(before + 100);
      expect(job.runAfterMs).toBeLessThanOrEqual(Date.now() + 100);
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a job after its last attempt or at once when final, and tells onFinished (%p)',
    async id => {
      const { first: store } = await replicas(id);
      await store.enqueue([
        { type: 'down', key: 'down', payload: null, maxAttempts: 2 },
        { type: 'limited', key: 'limited', payload: null },
        { type: 'refused', key: 'refused', payload: null },
        { type: 'bad', key: 'bad', payload: null },
      ]);
      const outcomes: Array<[string, JobOutcome['status']]> = [];
      const runner = new JobRunner({
        store,
        worker: 'w',
        backoff: { baseMs: 1, factor: 1, maxMs: 1 },
        handlers: {
          down: async () => {
            throw Object.assign(new Error('Service Unavailable'), {
              statusCode: 503,
            });
          },
          limited: async () => {
            throw new RetryableError('rate limited', { retryAfterMs: 60_000 });
          },
          refused: async () => {
            throw new PermanentError('no Okta account for this person');
          },
          bad: async () => {
            throw Object.assign(new Error('Bad Request'), { status: 400 });
          },
        },
        onFinished: async (job: Job, outcome) => {
          outcomes.push([job.key, outcome.status]);
        },
      });
      const before = Date.now();
      const first = await runner.runOnce();
      await sleep(5); // 'down' is due again after 1 ms, 'limited' in a minute
      const second = await runner.runOnce();
      expect(first.failed + second.failed).toBe(3);
      expect(first.retried + second.retried).toBe(2);
      expect(first.succeeded + second.succeeded).toBe(0);

      expect(outcomes.filter(([key]) => key === 'down')).toEqual([
        ['down', 'retry'],
        ['down', 'failed'],
      ]);
      expect(outcomes).toContainEqual(['limited', 'retry']);
      expect(outcomes).toContainEqual(['refused', 'failed']);
      expect(outcomes).toContainEqual(['bad', 'failed']);
      expect(await store.getByKey('down')).toMatchObject({
        status: 'failed',
        attempts: 2,
        lastError: 'Service Unavailable',
      });
      expect(await store.getByKey('refused')).toMatchObject({
        status: 'failed',
        attempts: 1,
      });
      const limited = (await store.getByKey('limited'))!;
      expect(limited.status).toBe('queued');
      expect(limited.runAfterMs).toBeGreaterThanOrEqual(before + 60_000);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a long job with heartbeats; a run that lost its lease records nothing (%p)',
    async id => {
      const { first: store } = await replicas(id);
      await store.enqueue([
        { type: 'long', key: 'long', payload: null },
        { type: 'lost', key: 'lost', payload: null },
      ]);
      const heartbeats: boolean[] = [];
      let stolen: Job[] = [];
      const runner = new JobRunner({
        store,
        worker: 'w',
        concurrency: 2,
        leaseMs: 150,
        handlers: {
          // Runs 360 ms, more than twice its lease.
          long: async (_job, { heartbeat }) => {
            for (let i = 0; i < 12; i++) {
              await sleep(30);
              heartbeats.push(await heartbeat());
            }
            return 'done';
          },
          lost: async () => {
            await sleep(300); // no heartbeat: the lease ends meanwhile
            stolen = await store.claim({
              worker: 'thief',
              limit: 10,
              leaseMs: 60_000,
            });
          },
        },
      });
      expect(await runner.runOnce()).toEqual({
        succeeded: 1,
        retried: 0,
        failed: 0,
      });
      // Only the job without heartbeats could be taken over.
      expect(stolen.map(j => j.key)).toEqual(['lost']);
      expect(heartbeats).toEqual(Array(12).fill(true));
      expect(await store.getByKey('long')).toMatchObject({
        status: 'succeeded',
        result: 'done',
      });
      expect(await store.getByKey('lost')).toMatchObject({
        status: 'running',
        lockedBy: 'thief',
      });
      // The thief holds it now: the first worker's heartbeat says so.
      expect(await store.heartbeat(stolen[0].id, 'w', 150)).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'refills every free slot when jobs end together, not one slot per job (%p)',
    async id => {
      const { first: store } = await replicas(id);
      await store.enqueue(
        Array.from({ length: 8 }, (_, i) => ({
          type: 'call',
          key: `call:${i}`,
          payload: i,
        })),
      );
      const starts: number[] = [];
      const runner = new JobRunner({
        store,
        worker: 'w',
        concurrency: 4,
        handlers: {
          call: async () => {
            starts.push(Date.now());
            await sleep(200);
          },
        },
      });
      expect((await runner.runOnce()).succeeded).toBe(8);
      // The second four start together once the first four end, rather than
      // one, then the other three only after that one has run.
      const second = starts.slice(4);
      expect(Math.max(...second) - Math.min(...second)).toBeLessThan(100);
      expect(Math.min(...second) - Math.min(...starts)).toBeGreaterThanOrEqual(
        195,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'runs up to `concurrency` jobs at once and stops claiming at the deadline (%p)',
    async id => {
      const { first: store } = await replicas(id);
      await store.enqueue(
        Array.from({ length: 40 }, (_, i) => ({
          type: 'wait',
          key: `wait:${i}`,
          payload: i,
        })),
      );
      let inFlight = 0;
      let maxInFlight = 0;
      const runner = new JobRunner({
        store,
        worker: 'w',
        concurrency: 4,
        handlers: {
          wait: async () => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await sleep(40);
            inFlight--;
          },
        },
      });
      const { succeeded } = await runner.runOnce({
        deadlineMs: Date.now() + 100,
      });
      expect(maxInFlight).toBe(4);
      // About 3 rounds of 4 fit before the deadline; none is left running.
      expect(succeeded).toBeGreaterThanOrEqual(4);
      expect(succeeded).toBeLessThan(40);
      expect(await store.counts()).toMatchObject({
        queued: 40 - succeeded,
        running: 0,
        succeeded,
      });
    },
  );
});
