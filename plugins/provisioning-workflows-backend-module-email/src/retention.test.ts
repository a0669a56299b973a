import { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { keepLinkMigrations, KeepLinkStore } from './KeepLinkStore';
import { scheduleKeepLinkRetention } from './retention';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;

/**
 * Retention of the e-mail module's tables: Keep links used or expired and
 * records of warning mails sent more than
 * provisioningWorkflows.retention.deliveredMessages.days ago go; usable
 * links and recent records stay.
 */
describe('Keep link retention', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'deletes links used or expired and mails sent long ago, in batches (%p)',
    async id => {
      const knex = await databases.init(id);
      const store = await KeepLinkStore.create(knex);
      const link = (actionId: string, expiresAtMs: number) =>
        store.issue(
          { actionId, personRef: 'user:default/liam.patel', expiresAtMs },
          0,
        );
      const usedLongAgo = await link('used-long-ago', 90_000);
      expect(await store.use(usedLongAgo, 1000)).toBe(true);
      const usedRecently = await link('used-recently', 90_000);
      expect(await store.use(usedRecently, 30_000)).toBe(true);
      const expired: string[] = [];
      for (let i = 0; i < 5; i++) expired.push(await link(`x${i}`, 3000));
      const expiredRecently = await link('expired-recently', 25_000);
      // Usable, however old: the person may still keep their license.
      const usable = await link('usable', 90_000);
      for (let i = 0; i < 3; i++) {
        await store.recordSent(`old-${i}`, `<o${i}@acme>`, 1000);
      }
      await store.recordSent('recent', '<r@acme>', 30_000);

      expect(
        await store.deleteDelivered({ beforeMs: 20_000, batchSize: 2 }),
      ).toEqual({ links: 6, mails: 3 });
      for (const gone of [usedLongAgo, ...expired]) {
        expect(await store.peek(gone)).toBeUndefined();
      }
      for (const stays of [usedRecently, expiredRecently, usable]) {
        expect(await store.peek(stays)).toBeDefined();
      }
      expect(await store.sentFor('old-2')).toBeUndefined();
      expect(await store.sentFor('recent')).toBe('<r@acme>');
      expect(await store.use(usable, 40_000)).toBe(true);

      // An aborted run (a timeout, a shutdown) deletes nothing more.
      const stop = new AbortController();
      stop.abort();
      expect(
        await store.deleteDelivered({ beforeMs: 99_000, signal: stop.signal }),
      ).toEqual({ links: 0, mails: 0 });
      expect(await store.sentFor('recent')).toBe('<r@acme>');

      // The retention indexes migrate down, and the tables stay.
      await knex.migrate.down(keepLinkMigrations);
      expect(await store.sentFor('recent')).toBe('<r@acme>');
      await knex.migrate.latest(keepLinkMigrations);
    },
  );

  it.each(databases.eachSupportedId())(
    'runs as a global task with the configured age (%p)',
    async id => {
      const store = await KeepLinkStore.create(await databases.init(id));
      const now = Date.now();
      const person = 'user:default/liam.patel';
      const expiredLongAgo = await store.issue(
        { actionId: 'a1', personRef: person, expiresAtMs: now - 11 * DAY },
        now - 14 * DAY,
      );
      const expiredLastWeek = await store.issue(
        { actionId: 'a2', personRef: person, expiresAtMs: now - 7 * DAY },
        now - 10 * DAY,
      );
      await store.recordSent('old', '<old@acme>', now - 11 * DAY);
      await store.recordSent('new', '<new@acme>', now - 9 * DAY);

      const tasks: Array<Parameters<SchedulerService['scheduleTask']>[0]> = [];
      const logger = mockServices.logger.mock();
      await scheduleKeepLinkRetention({
        scheduler: mockServices.scheduler.mock({
          scheduleTask: async task => void tasks.push(task),
        }),
        config: mockServices.rootConfig({
          data: {
            provisioningWorkflows: {
              retention: { deliveredMessages: { days: 10 } },
            },
          },
        }),
        logger,
        store,
      });
      expect(tasks.map(t => [t.id, t.scope])).toEqual([
        ['provisioning-workflows-email:retention', 'global'],
      ]);
      await tasks[0].fn(new AbortController().signal);

      expect(await store.peek(expiredLongAgo)).toBeUndefined();
      expect(await store.peek(expiredLastWeek)).toBeDefined();
      expect(await store.sentFor('old')).toBeUndefined();
      expect(await store.sentFor('new')).toBe('<new@acme>');
      expect(logger.info).toHaveBeenCalledWith(
        'Deleted 1 Keep links used or expired and 1 records of warning mails sent more than 10 days ago',
      );
    },
  );
});
