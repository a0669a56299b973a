import { TestDatabases } from '@backstage/backend-test-utils';
import { JobRunner } from './JobRunner';
import { JobStore } from './JobStore';
import { JobWorker, jobWorkerName } from './JobWorker';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise(res => setTimeout(res, ms));
const logger = { warn: jest.fn(), error: jest.fn() };

describe('JobWorker', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'runs jobs queued during a drain in a follow-up drain, and a burst of kicks costs two drains (%p)',
    async id => {
      const store = await JobStore.create({ knex: await databases.init(id) });
      const ran: string[] = [];
      let claims = 0;
      const counting = Object.create(store) as JobStore;
      counting.claim = async options => {
        claims++;
        return store.claim(options);
      };
      let release: () => void = () => {};
      const gate = new Promise<void>(r => (release = r));
      const runner = new JobRunner({
        store: counting,
        worker: jobWorkerName(),
        handlers: {
          slow: async job => {
            ran.push(job.key);
            await gate;
          },
          fast: async job => {
            ran.push(job.key);
          },
        },
      });
      const worker = new JobWorker({ runners: [runner], logger });

      await store.enqueue([{ type: 'slow', key: 'slow:1', payload: null }]);
      worker.kick();
      while (!ran.length) await sleep(5);
      // Queued while the first drain waits on its slow job: the first drain
      // has already found nothing more due, so only the follow-up finds it.
      await store.enqueue([{ type: 'fast', key: 'fast:1', payload: null }]);
      for (let i = 0; i < 10; i++) worker.kick();
      const claimsBefore = claims;
      release();
      await worker.idle();

      expect(ran).toEqual(['slow:1', 'fast:1']);
      expect(await store.counts()).toMatchObject({ queued: 0, succeeded: 2 });
      // The follow-up drain claims once for the job and once to find none.
      expect(claims - claimsBefore).toBeLessThanOrEqual(3);
    },
  );

  it('drains on its local schedule and waits for the drain on shutdown', async () => {
    const runOnce = jest.fn(async () => {
      await sleep(20);
      return { succeeded: 1, retried: 0, failed: 0 };
    });
    const worker = new JobWorker({
      runners: [{ runOnce } as unknown as JobRunner],
      logger,
    });
    let task: { id: string; fn: () => Promise<void> } | undefined;
    let hook: (() => Promise<void>) | undefined;
    await worker.start(
      {
        scheduler: { scheduleTask: async t => void (task = t) },
        lifecycle: { addShutdownHook: h => void (hook = h) },
      },
      { id: 'plugin:jobs' },
    );
    expect(task?.id).toBe('plugin:jobs');
    await task!.fn();
    expect(runOnce).toHaveBeenCalledTimes(1);
    worker.kick();
    await hook!();
    expect(runOnce).toHaveBeenCalledTimes(2);
  });

  it('logs a failed drain and keeps working', async () => {
    const runOnce = jest
      .fn()
      .mockRejectedValueOnce(new Error('database is down'))
      .mockResolvedValue({ succeeded: 0, retried: 0, failed: 0 });
    const worker = new JobWorker({
      runners: [{ runOnce } as unknown as JobRunner],
      logger,
    });
    worker.kick();
    await worker.idle();
    expect(logger.warn).toHaveBeenCalledWith('Running durable jobs failed', {
      error: 'database is down',
    });
    worker.kick();
    await worker.idle();
    expect(runOnce).toHaveBeenCalledTimes(2);
  });
});
