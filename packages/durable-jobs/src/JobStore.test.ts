import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { JobRunner } from './JobRunner';
import { JobStore } from './JobStore';
import { RetryableError } from './errors';

jest.setTimeout(120_000);

describe('JobStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function open(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const store = await JobStore.create({
      knex,
      backoff: { baseMs: 1000, factor: 2, maxMs: 60_000 },
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'adds one job per key, and none from a rolled-back transaction (%p)',
    async id => {
      const { knex, store } = await open(id);
      const job = { type: 'fulfill', key: 'fulfill:r1', payload: { r: 1 } };
      expect(await store.enqueue([job])).toBe(1);
      expect(await store.enqueue([job, { ...job, key: 'fulfill:r2' }])).toBe(1);
      await expect(
        knex.transaction(async trx => {
          await store.enqueue([{ ...job, key: 'fulfill:r3' }], { trx });
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      expect(await store.getByKey('fulfill:r3')).toBeUndefined();
      expect(await store.counts()).toEqual({
        queued: 2,
        running: 0,
        succeeded: 0,
        failed: 0,
      });
      expect((await store.getByKey('fulfill:r1'))?.payload).toEqual({ r: 1 });
    },
  );

  it.each(databases.eachSupportedId())(
    'claims due jobs with a lease, retries with backoff and Retry-After, fails after the last attempt (%p)',
    async id => {
      const { store } = await open(id);
      const t0 = 1_000_000;
      await store.enqueue(
        [
          { type: 'a', key: 'k1', payload: 1, maxAttempts: 3 },
          { type: 'a', key: 'later', payload: 2, runAfterMs: t0 + 600_000 },
        ],
        { nowMs: t0 },
      );
      const [job] = await store.claim({
        worker: 'w1',
        limit: 10,
        leaseMs: 1000,
        nowMs: t0,
      });
      expect(job).toMatchObject({
        key: 'k1',
        status: 'running',
        attempts: 1,
        lockedBy: 'w1',
        lockedUntilMs: t0 + 1000,
      });
      // Nothing else is due: the other job waits for its time.
      expect(
        await store.claim({
          worker: 'w2',
          limit: 10,
          leaseMs: 1000,
          nowMs: t0,
        }),
      ).toEqual([]);

      // First failure: back off 0.5-1 x 1 s.
      expect(
        await store.fail(job.id, 'w1', { error: '500', retryable: true }, t0),
      ).toBe('retry');
      let stored = (await store.get(job.id))!;
      expect(stored.status).toBe('queued');
      expect(stored.runAfterMs).toBeGreaterThanOrEqual(t0 + 500);
      expect(stored.runAfterMs).toBeLessThanOrEqual(t0 + 1000);
      expect(stored.lastError).toBe('500');

      // Second failure: a 429 asking for 30 s wins over the 2 s backoff.
      const t1 = t0 + 1000;
      const [again] = await store.claim({
        worker: 'w1',
        limit: 1,
        leaseMs: 1000,
        nowMs: t1,
        types: ['a'],
      });
      expect(again.attempts).toBe(2);
      await store.fail(
        again.id,
        'w1',
        { error: '429', retryable: true, retryAfterMs: 30_000 },
        t1,
      );
      stored = (await store.get(job.id))!;
      expect(stored.runAfterMs).toBe(t1 + 30_000);

      // Third and last attempt fails: the job is failed with its error.
      const t2 = t1 + 30_000;
      const [last] = await store.claim({
        worker: 'w1',
        limit: 1,
        leaseMs: 1000,
        nowMs: t2,
        types: ['a'],
      });
      expect(last.key).toBe('k1');
      expect(
        await store.fail(
          last.id,
          'w1',
          { error: 'still 500', retryable: true },
          t2,
        ),
      ).toBe('failed');
      expect(await store.get(job.id)).toMatchObject({
        status: 'failed',
        attempts: 3,
        lastError: 'still 500',
      });

      // An admin retries it: queued again with fresh attempts.
      expect(await store.retry(job.id, t2)).toBe(true);
      expect(await store.retry(job.id, t2)).toBe(false);
      expect(await store.get(job.id)).toMatchObject({
        status: 'queued',
        attempts: 0,
      });

      // A final error (e.g. 400) fails at once.
      const [now] = await store.claim({
        worker: 'w1',
        limit: 1,
        leaseMs: 1000,
        nowMs: t2,
        types: ['a'],
      });
      expect(
        await store.fail(now.id, 'w1', { error: '400', retryable: false }, t2),
      ).toBe('failed');
    },
  );

  it.each(databases.eachSupportedId())(
    "gives a crashed worker's job to another when the lease ends; the late worker changes nothing (%p)",
    async id => {
      const { store } = await open(id);
      const t0 = 5_000_000;
      await store.enqueue([{ type: 'a', key: 'k', payload: null }], {
        nowMs: t0,
      });
      const [job] = await store.claim({
        worker: 'dead',
        limit: 1,
        leaseMs: 1000,
        nowMs: t0,
      });
      expect(
        await store.claim({
          worker: 'alive',
          limit: 1,
          leaseMs: 1000,
          nowMs: t0 + 999,
        }),
      ).toEqual([]);
      // A heartbeat keeps it; without one the lease ends.
      expect(await store.heartbeat(job.id, 'dead', 1000, t0 + 500)).toBe(true);
      const [taken] = await store.claim({
        worker: 'alive',
        limit: 1,
        leaseMs: 1000,
        nowMs: t0 + 1501,
      });
      expect(taken).toMatchObject({
        id: job.id,
        lockedBy: 'alive',
        attempts: 2,
      });
      expect(await store.complete(job.id, 'dead', 'late', t0 + 1600)).toBe(
        false,
      );
      expect(
        await store.fail(
          job.id,
          'dead',
          { error: 'x', retryable: true },
          t0 + 1600,
        ),
      ).toBe('stale');
      expect(
        await store.complete(job.id, 'alive', { ok: true }, t0 + 1700),
      ).toBe(true);
      expect(await store.get(job.id)).toMatchObject({
        status: 'succeeded',
        result: { ok: true },
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'lists jobs newest first by page (%p)',
    async id => {
      const { store } = await open(id);
      for (let i = 0; i < 5; i++) {
        await store.enqueue(
          [{ type: i % 2 ? 'b' : 'a', key: `k${i}`, payload: i }],
          {
            nowMs: 1000 + i,
          },
        );
      }
      const first = await store.list({ limit: 2 });
      expect(first.items.map(j => j.key)).toEqual(['k4', 'k3']);
      const second = await store.list({ limit: 2, cursor: first.nextCursor });
      expect(second.items.map(j => j.key)).toEqual(['k2', 'k1']);
      expect((await store.list({ limit: 10, type: 'b' })).items).toHaveLength(
        2,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'runs 1,000 jobs on two replicas, each exactly once, with 20% retryable failures (%p)',
    async id => {
      const { knex, store } = await open(id);
      // A second replica has its own connection pool to the same database.
      let other: Knex | undefined;
      let otherStore = store;
      if (id === 'POSTGRES_15') {
        other = knexFactory({
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 5 },
        });
        otherStore = await JobStore.create({
          knex: other,
          skipMigrations: true,
          backoff: { baseMs: 5, factor: 1, maxMs: 5 },
        });
      }
      const fast = await JobStore.create({
        knex,
        skipMigrations: true,
        backoff: { baseMs: 5, factor: 1, maxMs: 5 },
      });
      const total = 1000;
      await fast.enqueue(
        Array.from({ length: total }, (_, i) => ({
          type: 'grant',
          key: `grant:${i}`,
          payload: i,
          maxAttempts: 20,
        })),
      );
      let seed = 42;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const done = new Map<string, number>();
      const handler = async (job: { key: string }) => {
        if (random() < 0.2) throw new RetryableError('429 Too Many Requests');
        done.set(job.key, (done.get(job.key) ?? 0) + 1);
      };
      const runner = (s: JobStore, worker: string) =>
        new JobRunner({
          store: s,
          worker,
          handlers: { grant: handler },
          concurrency: 8,
        });
      const drain = async (r: JobRunner) => {
        const counts = { succeeded: 0, retried: 0 };
        for (let round = 0; round < 200; round++) {
          const c = await r.runOnce();
          counts.succeeded += c.succeeded;
          counts.retried += c.retried;
          if (
            (await fast.counts()).queued === 0 &&
            (await fast.counts()).running === 0
          )
            break;
          await new Promise(res => setTimeout(res, 10));
        }
        return counts;
      };
      const [a, b] = await Promise.all([
        drain(runner(fast, 'replica-a')),
        drain(runner(otherStore === store ? fast : otherStore, 'replica-b')),
      ]);
      expect(done.size).toBe(total);
      expect([...done.values()].every(n => n === 1)).toBe(true);
      expect(a.succeeded + b.succeeded).toBe(total);
      expect(a.retried + b.retried).toBeGreaterThan(100);
      // Both replicas did part of the work.
      expect(a.succeeded).toBeGreaterThan(0);
      expect(b.succeeded).toBeGreaterThan(0);
      await other?.destroy();
      expect(await fast.counts()).toEqual({
        queued: 0,
        running: 0,
        succeeded: total,
        failed: 0,
      });
    },
  );
});
