import {
  resolvePackagePath,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { randomUUID } from 'node:crypto';
import { scheduleSlackRetention } from './retention';
import { SlackStore } from './SlackStore';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;

/**
 * The module's retention task on Productiv Home's real tables: the records
 * of Slack posts older than productivHome.retention.deliveredMessages.days
 * go once their request is no longer open and finished longer ago than
 * that; those of open or recently finished requests stay.
 */
describe('Slack post retention', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'deletes the old posts of finished requests as a global task (%p)',
    async id => {
      const knex = await databases.init(id);
      // The plugin's own migrations make its requests table.
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-productiv-home-backend',
          'migrations',
        ),
      });
      const store = await SlackStore.create(knex);
      const now = Date.now();
      const request = async (status: string, updatedAtMs: number) => {
        const requestId = randomUUID();
        await knex('requests').insert({
          id: requestId,
          requester: `user:default/${requestId}`,
          app_key: 'figma',
          tier: 'editor',
          status,
          version: 1,
          created_at_ms: now - 60 * DAY,
          updated_at_ms: updatedAtMs,
        });
        return requestId;
      };
      const posts = {
        fulfilledLongAgo: await request('fulfilled', now - 40 * DAY),
        deniedLongAgo: await request('denied', now - 31 * DAY),
        expiredLongAgo: await request('expired', now - 35 * DAY),
        pending: await request('pending_approval', now - 40 * DAY),
        fulfilling: await request('fulfilling', now - 40 * DAY),
        cancelledYesterday: await request('cancelled', now - DAY),
      };
      for (const [name, requestId] of Object.entries(posts)) {
        await store.startPost(
          {
            key: name,
            kind: 'approval',
            requestId,
            level: 1,
            channel: 'D0A',
            buttons: true,
          },
          now - 45 * DAY,
        );
      }
      // A recent message of a long-finished request stays for now.
      await store.startPost(
        {
          key: 'recent',
          kind: 'requester',
          requestId: posts.fulfilledLongAgo,
          channel: 'D0B',
          buttons: false,
        },
        now - DAY,
      );
      await store.startPost(
        { key: 'old-notice', kind: 'admin', channel: 'C0A', buttons: false },
        now - 45 * DAY,
      );

      const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
      const scheduler = mockServices.scheduler.mock({
        scheduleTask: async task => void tasks.push(task),
      });
      const logger = mockServices.logger.mock();
      await scheduleSlackRetention({
        scheduler,
        config: mockServices.rootConfig({
          data: {
            productivHome: { retention: { deliveredMessages: { days: 30 } } },
          },
        }),
        logger,
        store,
        knex,
      });
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        id: 'productiv-home-slack:retention',
        scope: 'global',
      });
      await tasks[0].fn(new AbortController().signal);

      const left = await knex('home_slack_posts').orderBy('key').pluck('key');
      expect(left).toEqual([
        'cancelledYesterday',
        'fulfilling',
        'pending',
        'recent',
      ]);
      expect(logger.info).toHaveBeenCalledWith(
        'Deleted 4 records of Slack messages older than 30 days; kept 3 of requests open or finished since',
      );
    },
  );

  it('refuses an age that is not a number of days above 0', async () => {
    await expect(
      scheduleSlackRetention({
        scheduler: mockServices.scheduler.mock(),
        config: mockServices.rootConfig({
          data: {
            productivHome: { retention: { deliveredMessages: { days: 0 } } },
          },
        }),
        logger: mockServices.logger.mock(),
        store: {} as SlackStore,
        knex: {} as any,
      }),
    ).rejects.toThrow(
      'productivHome.retention.deliveredMessages.days must be a number of days above 0, got 0',
    );
  });
});
