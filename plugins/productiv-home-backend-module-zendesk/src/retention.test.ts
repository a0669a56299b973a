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
import { scheduleZendeskRetention } from './retention';
import { TicketRecords } from './ticketRecords';
import { ZendeskTicketProvider } from './ZendeskTicketProvider';

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;

/**
 * Retention of the module's ticket records, through node-zendesk against
 * the sandbox: polling and the webhook (which reads the ticket as polling
 * does) mark tickets solved (or open again), and the task deletes the
 * records of tickets solved longer ago than
 * productivHome.retention.deliveredMessages.days, never of one still open.
 */
describe('Zendesk ticket retention', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  const provider = async (id: Parameters<typeof databases.init>[0]) => {
    const knex = await databases.init(id);
    const zendesk = (await ZendeskTicketProvider.fromConfig(
      new ConfigReader({
        connectors: {
          zendesk: {
            url: sandbox.urls.zendesk,
            email: sandbox.credentials.zendesk.email,
            apiToken: sandbox.credentials.zendesk.apiToken,
          },
        },
      }),
      knex,
    ))!;
    return { knex, zendesk };
  };

  it.each(databases.eachSupportedId())(
    'deletes the records of tickets solved long ago, as a global task (%p)',
    async id => {
      const { knex, zendesk } = await provider(id);
      const open = async (key: string) =>
        (
          (await zendesk.fulfill(
            demoApprovedRequest(),
            mockFulfillmentContext(key),
          )) as { externalId: string }
        ).externalId;
      const setStatus = (ticketId: string, status: 'solved' | 'open') =>
        sandbox.state.helpdesk.setStatus(
          sandbox.state.helpdesk.find(Number(ticketId))!,
          status,
        );
      const polled = await open(`${id}:polled`);
      const hooked = await open(`${id}:hooked`);
      const stillOpen = await open(`${id}:open`);
      const reopened = await open(`${id}:reopened`);

      // Polling sees one solved; the webhook's read another.
      await setStatus(polled, 'solved');
      await setStatus(hooked, 'solved');
      await setStatus(reopened, 'solved');
      await zendesk.ticketStatus(polled);
      await zendesk.ticketChanged(hooked);
      await zendesk.ticketStatus(stillOpen);
      await zendesk.ticketStatus(reopened);
      // The requester answered: open again, so followed and kept.
      await setStatus(reopened, 'open');
      await zendesk.ticketChanged(reopened);

      const closedAt = async (ticketId: string) =>
        (
          await knex('home_zendesk_tickets')
            .where({ ticket_id: ticketId })
            .first()
        )?.closed_at_ms;
      expect(await closedAt(polled)).not.toBeNull();
      expect(await closedAt(hooked)).not.toBeNull();
      expect(await closedAt(stillOpen)).toBeNull();
      expect(await closedAt(reopened)).toBeNull();

      // Eleven days later (the two solved tickets were solved then).
      await knex('home_zendesk_tickets')
        .whereIn('ticket_id', [polled, hooked])
        .update({ closed_at_ms: Date.now() - 11 * DAY });
      const tasks: Array<Parameters<SchedulerService['scheduleTask']>[0]> = [];
      const logger = mockServices.logger.mock();
      await scheduleZendeskRetention({
        scheduler: mockServices.scheduler.mock({
          scheduleTask: async task => void tasks.push(task),
        }),
        config: mockServices.rootConfig({
          data: {
            productivHome: { retention: { deliveredMessages: { days: 10 } } },
          },
        }),
        logger,
        records: zendesk.records,
      });
      expect(tasks.map(t => [t.id, t.scope])).toEqual([
        ['productiv-home-zendesk:retention', 'global'],
      ]);
      await tasks[0].fn(new AbortController().signal);

      expect(
        (await knex('home_zendesk_tickets').pluck('ticket_id')).sort(),
      ).toEqual([stillOpen, reopened].sort());
      expect(logger.info).toHaveBeenCalledWith(
        'Deleted the records of 2 Zendesk tickets solved more than 10 days ago',
      );
      // A job that ran again anyway finds its ticket, not a new one.
      const count = sandbox.state.helpdesk.tickets.length;
      expect(await open(`${id}:polled`)).toBe(polled);
      expect(sandbox.state.helpdesk.tickets.length).toBe(count);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes in batches and stops when aborted (%p)',
    async id => {
      const { knex } = await provider(id);
      const records = new TicketRecords(knex);
      for (let i = 0; i < 5; i++) {
        await knex('home_zendesk_tickets').insert({
          key: `k${i}`,
          ticket_id: String(i),
          url: null,
        });
        await records.seen(String(i), 'resolved', 1000 * i);
      }
      const stop = new AbortController();
      stop.abort();
      expect(
        await records.deleteClosed({ beforeMs: 9000, signal: stop.signal }),
      ).toBe(0);
      // Solved at 0, 1000, 2000, 3000 and 4000: four before 3500.
      expect(await records.deleteClosed({ beforeMs: 3500, batchSize: 2 })).toBe(
        4,
      );
      expect(await knex('home_zendesk_tickets').pluck('key')).toEqual(['k4']);
      // Seen solved again: it keeps the time it was first seen solved.
      await records.seen('4', 'resolved', 9000);
      expect(await records.deleteClosed({ beforeMs: 5000 })).toBe(1);
    },
  );
});
