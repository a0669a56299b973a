import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JobStore } from './JobStore';

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
    'adds a large batch in one call, skipping keys already there or repeated (%p)',
    async id => {
      const { store } = await open(id);
      await store.enqueue([{ type: 'a', key: 'k7', payload: 'first' }]);
      // k0..k9 twice (in different chunks of the insert), k5 a third time
      // in the same chunk, and k7 already stored.
      const batch = [
        { type: 'a', key: 'k5', payload: -1 },
        ...Array.from({ length: 250 }, (_, i) => ({
          type: 'a',
          key: `k${i % 240}`,
          payload: i,
        })),
      ];
      expect(await store.enqueue(batch)).toBe(239);
      expect((await store.counts()).queued).toBe(240);
      expect((await store.getByKey('k7'))?.payload).toBe('first');
      expect((await store.getByKey('k239'))?.payload).toBe(239);
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
});
