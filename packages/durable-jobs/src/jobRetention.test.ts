import { TestDatabases } from '@backstage/backend-test-utils';
import { JobJson, JobStore } from './JobStore';
import {
  keepJobsOf,
  retentionDays,
  scheduleJobRetention,
  scheduleRowRetention,
} from './jobRetention';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('retention of finished jobs', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  /** A table with jobs in every state, finished `age` days ago. */
  async function seeded(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const rows: Array<[string, string, number, string?]> = [
      // key, status, age in days, request
      ['old-ok-1', 'succeeded', 40, 'r-done'],
      ['old-ok-2', 'succeeded', 40, 'r-done'],
      ['old-ok-3', 'succeeded', 35, undefined],
      ['old-failed', 'failed', 31, 'r-done'],
      ['old-open-request', 'succeeded', 60, 'r-open'],
      ['old-open-request-2', 'failed', 45, 'r-open'],
      ['recent-ok', 'succeeded', 29, 'r-done'],
      ['old-queued', 'queued', 90, 'r-done'],
      ['old-running', 'running', 90, 'r-done'],
    ];
    await jobs.enqueue(
      rows.map(([key, , , requestId]) => ({
        type: 't',
        key,
        payload: (requestId ? { requestId } : { other: 1 }) as JobJson,
      })),
    );
    for (const [key, status, age] of rows) {
      await knex('home_jobs')
        .where({ key })
        .update({ status, updated_at_ms: NOW - age * DAY });
    }
    const keys = async () =>
      (await knex('home_jobs').orderBy('key').pluck('key')) as string[];
    return { knex, jobs, keys };
  }

  it.each(databases.eachSupportedId())(
    'deletes finished jobs older than the limit in batches, never unfinished ones nor those open work needs (%p)',
    async id => {
      const { jobs, keys } = await seeded(id);
      const asked: string[][] = [];
      const result = await jobs.deleteFinished({
        beforeMs: NOW - 30 * DAY,
        batchSize: 2,
        keep: keepJobsOf({
          requestId: async ids => {
            asked.push(ids);
            return ids.filter(i => i === 'r-open');
          },
          // A field no payload has is never asked about.
          runId: async ids => {
            throw new Error(`asked about runs ${ids}`);
          },
        }),
      });
      expect(result).toEqual({ deleted: 4, kept: 2 });
      expect(await keys()).toEqual([
        'old-open-request',
        'old-open-request-2',
        'old-queued',
        'old-running',
        'recent-ok',
      ]);
      // Batches of two, oldest first, each job read once: two jobs of the
      // same age on either side of a batch's end are both read.
      expect(asked).toEqual([
        ['r-open', 'r-done'],
        ['r-done'],
        ['r-open', 'r-done'],
      ]);
      // A second run finds only what it keeps.
      expect(
        await jobs.deleteFinished({
          beforeMs: NOW - 30 * DAY,
          keep: keepJobsOf({ requestId: async ids => ids }),
        }),
      ).toEqual({ deleted: 0, kept: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a job an admin retried meanwhile, and stops when aborted (%p)',
    async id => {
      const { jobs, keys } = await seeded(id);
      const failed = (await jobs.getByKey('old-failed'))!;
      const before = await keys();
      const aborted = new AbortController();
      aborted.abort();
      expect(
        await jobs.deleteFinished({
          beforeMs: NOW - 30 * DAY,
          signal: aborted.signal,
        }),
      ).toEqual({ deleted: 0, kept: 0 });
      expect(await keys()).toEqual(before);

      const result = await jobs.deleteFinished({
        beforeMs: NOW - 30 * DAY,
        keep: async batch => {
          // The admin's retry lands between the read and the delete.
          if (batch.some(j => j.id === failed.id)) await jobs.retry(failed.id);
          return [];
        },
      });
      expect(result).toEqual({ deleted: 5, kept: 0 });
      expect((await jobs.get(failed.id))?.status).toBe('queued');
      expect(await keys()).toEqual([
        'old-failed',
        'old-queued',
        'old-running',
        'recent-ok',
      ]);
    },
  );

  it('runs as a global task of the plugin, with the configured age', async () => {
    const tasks: any[] = [];
    const deleteFinished = jest.fn(async () => ({ deleted: 3, kept: 1 }));
    const info = jest.fn();
    await scheduleJobRetention(
      { scheduleTask: async task => void tasks.push(task) },
      {
        id: 'home:job-retention',
        jobs: { deleteFinished },
        days: 7,
        logger: { info },
      },
    );
    expect(tasks).toEqual([
      expect.objectContaining({
        id: 'home:job-retention',
        scope: 'global',
        frequency: { hours: 6 },
      }),
    ]);
    const signal = new AbortController().signal;
    const started = Date.now();
    await tasks[0].fn(signal);
    const [[options]] = deleteFinished.mock.calls as any;
    expect(options.signal).toBe(signal);
    expect(started - options.beforeMs).toBeGreaterThanOrEqual(7 * DAY - 1000);
    expect(options.beforeMs).toBeLessThanOrEqual(Date.now() - 7 * DAY);
    expect(info).toHaveBeenCalledWith(
      'Deleted 3 finished jobs older than 7 days; kept 1 that open work still needs',
    );

    const config = (days?: unknown) => ({
      getOptionalNumber: () => days as number | undefined,
    });
    expect(
      retentionDays(config(), 'productivHome.retention.finishedJobs'),
    ).toBe(30);
    expect(retentionDays(config(90), 'x')).toBe(90);
    expect(() =>
      retentionDays(config(0), 'productivHome.retention.finishedJobs'),
    ).toThrow(
      'productivHome.retention.finishedJobs.days must be a number of days above 0, got 0',
    );
  });
});

describe('retention of rows', () => {
  it('prunes what is older than the configured age, as a global task, and logs what it said', async () => {
    let task: any;
    const logged: string[] = [];
    const asked: Array<{ beforeMs: number; days: number }> = [];
    await scheduleRowRetention(
      { scheduleTask: async t => void (task = t) },
      {
        id: 'test:retention',
        config: { getOptionalNumber: () => 7 },
        key: 'test.retention',
        logger: { info: m => logged.push(m) },
        prune: async ({ beforeMs, days }) => {
          asked.push({ beforeMs, days });
          return asked.length === 1
            ? `Deleted 3 rows older than ${days} days`
            : undefined;
        },
      },
    );
    expect(task).toMatchObject({ id: 'test:retention', scope: 'global' });
    const before = Date.now();
    await task.fn(new AbortController().signal);
    await task.fn(new AbortController().signal);
    expect(asked[0].days).toBe(7);
    expect(before - asked[0].beforeMs).toBeGreaterThanOrEqual(
      7 * 86_400_000 - 1000,
    );
    expect(before - asked[0].beforeMs).toBeLessThanOrEqual(
      7 * 86_400_000 + 1000,
    );
    // Only what prune said; nothing when nothing went.
    expect(logged).toEqual(['Deleted 3 rows older than 7 days']);
  });

  it('refuses an age that is not above 0 when scheduling', async () => {
    await expect(
      scheduleRowRetention(
        { scheduleTask: async () => {} },
        {
          id: 'test:retention',
          config: { getOptionalNumber: () => 0 },
          key: 'test.retention',
          logger: { info: () => {} },
          prune: async () => undefined,
        },
      ),
    ).rejects.toThrow('test.retention.days must be a number of days above 0');
  });
});
