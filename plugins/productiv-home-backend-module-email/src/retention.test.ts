import { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EmailStore } from './EmailStore';
import { scheduleEmailRetention } from './retention';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;

/**
 * The module's retention task: links that no longer work and records of
 * mails sent more than productivHome.retention.deliveredMessages.days ago
 * go; usable links and recent records stay.
 */
describe('E-mail retention', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'deletes what stopped mattering before the configured age, as a global task (%p)',
    async id => {
      const store = await EmailStore.create(await databases.init(id));
      const now = Date.now();
      const purpose = {
        kind: 'decide' as const,
        requestId: 'r1',
        level: 1,
        approver: 'user:default/olivia.chen',
        decision: 'approved' as const,
      };
      const expiredLongAgo = await store.issue(
        purpose,
        now - 11 * DAY,
        now - 14 * DAY,
      );
      const expiredLastWeek = await store.issue(
        purpose,
        now - 7 * DAY,
        now - 10 * DAY,
      );
      const usable = await store.issue(
        { kind: 'done', externalId: '<t1@acme>' },
        now + 80 * DAY,
        now - 12 * DAY,
      );
      await store.recordSent('old', '<old@acme>', now - 11 * DAY);
      await store.recordSent('new', '<new@acme>', now - 9 * DAY);

      const tasks: Array<Parameters<SchedulerService['scheduleTask']>[0]> = [];
      const logger = mockServices.logger.mock();
      await scheduleEmailRetention({
        scheduler: mockServices.scheduler.mock({
          scheduleTask: async task => void tasks.push(task),
        }),
        config: mockServices.rootConfig({
          data: {
            productivHome: { retention: { deliveredMessages: { days: 10 } } },
          },
        }),
        logger,
        store,
      });
      expect(tasks.map(t => [t.id, t.scope])).toEqual([
        ['productiv-home-email:retention', 'global'],
      ]);
      await tasks[0].fn(new AbortController().signal);

      expect(await store.peek(expiredLongAgo)).toBeUndefined();
      expect(await store.peek(expiredLastWeek)).toBeDefined();
      expect(await store.peek(usable)).toBeDefined();
      expect(await store.sentFor('old')).toBeUndefined();
      expect(await store.sentFor('new')).toBe('<new@acme>');
      expect(logger.info).toHaveBeenCalledWith(
        'Deleted 1 e-mail links used, revoked or expired and 1 records of mails sent more than 10 days ago',
      );
    },
  );
});
