import { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  demoApprovedRequest,
  mockFulfillmentContext,
} from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { JsmTicketProvider } from './JsmTicketProvider';
import { scheduleJsmRetention } from './retention';
import { RequestRecords } from './ticketRecords';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;

/**
 * Retention of the module's request records, through jira.js against the
 * sandbox's service desk: polling and the webhook mark requests done (or
 * open again), and the task deletes the records of requests done longer
 * ago than productivHome.retention.deliveredMessages.days, never of one
 * still open.
 */
describe('JSM request retention', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  it.each(databases.eachSupportedId())(
    'deletes the records of requests done long ago, as a global task (%p)',
    async id => {
      const knex = await databases.init(id);
      const jsm = (await JsmTicketProvider.fromConfig(
        new ConfigReader({
          connectors: {
            jiraServiceManagement: {
              host: sandbox.urls.jira,
              ...sandbox.credentials.jira,
            },
          },
        }),
        knex,
      ))!;
      const open = async (key: string) =>
        (
          (await jsm.fulfill(
            demoApprovedRequest(),
            mockFulfillmentContext(key),
          )) as { externalId: string }
        ).externalId;
      const resolved = await open(`${id}:resolved`);
      const rejected = await open(`${id}:rejected`);
      const stillOpen = await open(`${id}:open`);
      const reopened = await open(`${id}:reopened`);

      // Polling sees two done; the webhook reports a third rejected.
      await sandbox.state.desk.transition(resolved, 'Resolved', 'DONE');
      await sandbox.state.desk.transition(reopened, 'Resolved', 'DONE');
      for (const key of [resolved, stillOpen, reopened]) {
        await jsm.ticketStatus(key);
      }
      expect(
        await jsm.delivered(`${id}:d1`, {
          externalId: rejected,
          status: 'rejected',
        }),
      ).toBe(true);
      // Reopened in JSM: followed again, so kept.
      await sandbox.state.desk.transition(reopened, 'In progress', 'NEW');
      await jsm.ticketStatus(reopened);

      const closedAt = async (issueKey: string) =>
        (await knex('home_jsm_requests').where({ issue_key: issueKey }).first())
          ?.closed_at_ms;
      expect(await closedAt(resolved)).not.toBeNull();
      expect(await closedAt(rejected)).not.toBeNull();
      expect(await closedAt(stillOpen)).toBeNull();
      expect(await closedAt(reopened)).toBeNull();

      // Eleven days later (the two done requests were closed then).
      await knex('home_jsm_requests')
        .whereIn('issue_key', [resolved, rejected])
        .update({ closed_at_ms: Date.now() - 11 * DAY });
      const tasks: Array<Parameters<SchedulerService['scheduleTask']>[0]> = [];
      const logger = mockServices.logger.mock();
      await scheduleJsmRetention({
        scheduler: mockServices.scheduler.mock({
          scheduleTask: async task => void tasks.push(task),
        }),
        config: mockServices.rootConfig({
          data: {
            productivHome: { retention: { deliveredMessages: { days: 10 } } },
          },
        }),
        logger,
        records: jsm.records,
      });
      expect(tasks.map(t => [t.id, t.scope])).toEqual([
        ['productiv-home-jsm:retention', 'global'],
      ]);
      await tasks[0].fn(new AbortController().signal);

      expect(
        (await knex('home_jsm_requests').pluck('issue_key')).sort(),
      ).toEqual([stillOpen, reopened].sort());
      expect(logger.info).toHaveBeenCalledWith(
        'Deleted the records of 2 JSM requests done more than 10 days ago',
      );
      // A job that ran again anyway finds its request in JSM, not a new one.
      const count = sandbox.state.desk.requests.length;
      expect(await open(`${id}:resolved`)).toBe(resolved);
      expect(sandbox.state.desk.requests.length).toBe(count);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes in batches and stops when aborted (%p)',
    async id => {
      const knex = await databases.init(id);
      await JsmTicketProvider.fromConfig(
        new ConfigReader({
          connectors: {
            jiraServiceManagement: {
              host: sandbox.urls.jira,
              ...sandbox.credentials.jira,
            },
          },
        }),
        knex,
      );
      const records = new RequestRecords(knex);
      for (let i = 0; i < 5; i++) {
        await knex('home_jsm_requests').insert({
          key: `k${i}`,
          issue_key: `IT-${i}`,
          url: null,
        });
        await records.seen(`IT-${i}`, 'resolved', 1000 * i);
      }
      const stop = new AbortController();
      stop.abort();
      expect(
        await records.deleteClosed({ beforeMs: 9000, signal: stop.signal }),
      ).toBe(0);
      // Closed at 0, 1000, 2000, 3000 and 4000: four before 3500.
      expect(await records.deleteClosed({ beforeMs: 3500, batchSize: 2 })).toBe(
        4,
      );
      expect(await knex('home_jsm_requests').pluck('key')).toEqual(['k4']);
      // Seen done again: it keeps the time it was first seen done.
      await records.seen('IT-4', 'resolved', 9000);
      expect(await records.deleteClosed({ beforeMs: 5000 })).toBe(1);
    },
  );
});
