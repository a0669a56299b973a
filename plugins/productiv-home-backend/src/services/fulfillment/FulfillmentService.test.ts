import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import {
  DEFAULT_PEOPLE_ANNOTATIONS,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovedRequest,
  FulfillmentProvider,
  FulfillmentResult,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { demoUserEntities } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { CatalogPeopleDirectory } from '../people/CatalogPeopleDirectory';
import { notificationHandlers } from '../requests/notificationJobs';
import { RequestUseCases } from '../requests/RequestUseCases';
import { FulfillmentService } from './FulfillmentService';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;

const app = (appKey: string, fulfillment: HomeApp['fulfillment']): HomeApp => ({
  appKey,
  name: appKey.toUpperCase(),
  description: '',
  category: 'Other',
  tiers: ['basic', 'pro'],
  owners: [],
  // No approval: approved requests go straight to fulfillment.
  approval: { required: 'no-one', exceptGroups: [], levels: [] },
  fulfillment,
});

const settings: HomeSettings = {
  approvalMethod: 'email',
  defaultApprovers: [],
  reminderHours: [],
  justificationRequired: false,
};

/** A provider whose answers the test scripts, recording every call. */
function scriptedProvider(
  id: string,
  kind: 'access' | 'ticket',
  answers:
    | Array<FulfillmentResult | Error>
    | ((request: ApprovedRequest, call: number) => FulfillmentResult | Error),
) {
  const calls: Array<{ request: ApprovedRequest; key: string }> = [];
  const listeners: Array<
    (u: { externalId: string } & TicketStatus) => Promise<void>
  > = [];
  let ticket: TicketStatus = { status: 'open' };
  const provider: FulfillmentProvider = {
    id,
    kind,
    fulfill: async (request, ctx) => {
      calls.push({ request, key: ctx.idempotencyKey });
      const answer =
        typeof answers === 'function'
          ? answers(
              request,
              calls.filter(c => c.request.requestId === request.requestId)
                .length,
            )
          : answers.shift() ?? { status: 'fulfilled' };
      if (answer instanceof Error) throw answer;
      return answer;
    },
    ...(kind === 'ticket'
      ? {
          ticketStatus: async () => ticket,
          onTicketUpdate: listener => void listeners.push(listener),
        }
      : {}),
  };
  return {
    provider,
    calls,
    setTicket: (t: TicketStatus) => (ticket = t),
    webhook: (u: { externalId: string } & TicketStatus) =>
      Promise.all(listeners.map(l => l(u))),
  };
}

const httpError = (status: number) =>
  Object.assign(new Error(`HTTP ${status}`), { status });

describe('FulfillmentService', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: TestDatabaseId, providers: FulfillmentProvider[]) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({
      knex,
      table: 'home_jobs',
      backoff: { baseMs: 5, factor: 1, maxMs: 5 },
    });
    const { requests: store, apps } = ProductivHomeDatabase.stores(knex, jobs);
    const people = new CatalogPeopleDirectory({
      catalog: catalogServiceMock({ entities: demoUserEntities() }),
      auth: mockServices.auth(),
      annotations: DEFAULT_PEOPLE_ANNOTATIONS,
    });
    const notified: string[] = [];
    const requests = new RequestUseCases({
      store,
      apps,
      people,
      settings: async () => settings,
    });
    const connectors = new ConnectorsService({
      providers: new Map(providers.map(p => [p.id, p])),
      channels: new Map(),
      logger: mockServices.logger.mock(),
    });
    const fulfillment = new FulfillmentService({
      requests,
      store,
      jobs,
      apps,
      connectors,
      people,
      inventory: {
        listApps: async () =>
          [
            {
              key: 'figma',
              name: 'Figma',
              instances: [
                {
                  id: '0oaFigma',
                  appKey: 'figma',
                  label: 'Figma',
                  status: 'ACTIVE',
                  groups: [],
                  tiers: [
                    {
                      tier: 'pro',
                      groupId: '00gFigmaPro',
                      source: 'suggested',
                    },
                  ],
                  assignedUsers: 1,
                },
              ],
            },
          ] as any,
        listAssignments: async () => [],
        getPeerUsage: async () => {
          throw new Error('not used');
        },
        listHoldings: async () => [],
      },
      auth: mockServices.auth(),
      appBaseUrl: 'http://portal.test',
      logger: mockServices.logger.mock(),
    });
    fulfillment.listenForTickets();
    const runner = new JobRunner({
      store: jobs,
      worker: 'test',
      handlers: {
        ...fulfillment.handlers(),
        ...notificationHandlers({
          notify: async m => void notified.push(m.title),
        }),
      },
      onFinished: (job, outcome) => fulfillment.onFinished(job, outcome),
    });
    const drain = async () => {
      for (let i = 0; i < 50; i++) {
        await runner.runOnce();
        const c = await jobs.counts();
        if (!c.queued && !c.running) return;
        await new Promise(r => setTimeout(r, 10));
      }
    };
    for (const a of [app('figma', 'automatic'), app('miro', 'ticket')]) {
      await apps.putApp(a, ref('alex.morgan'), Date.now());
    }
    return { store, jobs, requests, fulfillment, drain, notified };
  }

  const requestFigmaPro = (requests: RequestUseCases) =>
    requests.submit(
      { appKey: 'figma', tier: 'pro' },
      { requester: ref('emma.jones') },
    );

  it.each(databases.eachSupportedId())(
    "grants through Okta from a job, with the tier's group, after retrying 429 and 503 (%p)",
    async id => {
      const okta = scriptedProvider('okta', 'access', [
        httpError(429),
        httpError(503),
        { status: 'fulfilled', detail: 'added to group' },
      ]);
      const { requests, jobs, drain, notified } = await setup(id, [
        okta.provider,
      ]);
      const submitted = await requestFigmaPro(requests);
      expect(submitted.status).toBe('fulfilling');
      await drain();

      const done = (await requests.recordFulfillment(submitted.id, {
        status: 'fulfilled',
      }))!; // a late, repeated report changes nothing
      expect(done.status).toBe('fulfilled');
      expect(done.fulfillment).toEqual({ provider: 'okta' });
      expect(done.history.map(h => h.type)).toEqual([
        'submitted',
        'approved',
        'fulfilling',
        'fulfilled',
      ]);
      expect(okta.calls).toHaveLength(3);
      expect(new Set(okta.calls.map(c => c.key))).toEqual(
        new Set([`fulfill:${submitted.id}:1`]),
      );
      expect(okta.calls[0].request).toMatchObject({
        requesterRef: ref('emma.jones'),
        requesterEmail: 'emma.jones@acme.example.com',
        appName: 'FIGMA',
        tier: 'pro',
        oktaGroupId: '00gFigmaPro',
        oktaAppId: '0oaFigma',
        link: `http://portal.test/productiv-home?tab=requests&request=${submitted.id}`,
      });
      expect(notified).toEqual(['You have access to FIGMA Pro']);
      // The fulfill job and the notification.
      expect(await jobs.counts()).toMatchObject({ succeeded: 2, failed: 0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'fails the request with the reason, and an admin retry fulfills it (%p)',
    async id => {
      const okta = scriptedProvider('okta', 'access', [
        {
          status: 'failed',
          reason: 'emma.jones@acme.example.com has no Okta account',
        },
        ...Array.from({ length: 20 }, () => httpError(500)),
        { status: 'fulfilled' },
      ]);
      const { requests, drain, notified } = await setup(id, [okta.provider]);
      const submitted = await requestFigmaPro(requests);
      await drain();
      let request = await requests.recordFulfillment(submitted.id, {
        status: 'fulfilled',
      });
      expect(request).toMatchObject({
        status: 'failed',
        fulfillment: {
          failureReason: 'emma.jones@acme.example.com has no Okta account',
        },
      });
      expect(notified).toContain(
        'Your access to FIGMA Pro could not be set up',
      );

      // Retried by an admin: this time Okta answers 500 until the job gives up.
      await requests.retryFulfillment(submitted.id, {
        actor: ref('alex.morgan'),
      });
      await drain();
      request = await requests.recordFulfillment(submitted.id, {
        status: 'fulfilled',
      });
      expect(request.status).toBe('failed');
      expect(request.fulfillment?.failureReason).toBe(
        'Gave up after 20 attempts: HTTP 500',
      );

      // Retried again: Okta works now.
      await requests.retryFulfillment(submitted.id, {
        actor: ref('alex.morgan'),
      });
      await drain();
      request = await requests.recordFulfillment(submitted.id, {
        status: 'failed',
        reason: 'late',
      });
      expect(request.status).toBe('fulfilled');
      expect(request.fulfillment?.failureReason).toBeUndefined();
      expect(new Set(okta.calls.map(c => c.key))).toEqual(
        new Set([
          `fulfill:${submitted.id}:1`,
          `fulfill:${submitted.id}:2`,
          `fulfill:${submitted.id}:3`,
        ]),
      );
      await expect(
        requests.retryFulfillment(submitted.id, { actor: ref('alex.morgan') }),
      ).rejects.toThrow('only failed requests can be retried');
    },
  );

  it.each(databases.eachSupportedId())(
    'opens one ticket per request and fulfills it when resolved, found by polling (%p)',
    async id => {
      // Each request's first call gets a 502; the retry opens its ticket.
      const zendesk = scriptedProvider('zendesk', 'ticket', (request, call) =>
        call === 1
          ? httpError(502)
          : {
              status: 'pending',
              externalId: `T-${request.requesterRef.split('/')[1]}`,
              externalUrl: `https://acme.zendesk.test/agent/tickets/${request.requestId}`,
            },
      );
      const { store, requests, fulfillment, drain } = await setup(id, [
        zendesk.provider,
      ]);
      const emma = await requests.submit(
        { appKey: 'miro', tier: 'basic' },
        { requester: ref('emma.jones') },
      );
      const liam = await requests.submit(
        { appKey: 'miro', tier: 'basic' },
        { requester: ref('liam.patel') },
      );
      await drain();
      expect(await store.get(emma.id)).toMatchObject({
        status: 'fulfilling',
        fulfillment: { provider: 'zendesk', externalId: 'T-emma.jones' },
      });
      expect(zendesk.calls).toHaveLength(4);

      // Polling: open tickets stay open; one check per request and period.
      expect(await fulfillment.checkOpenTickets(60_000, 0)).toBe(2);
      expect(await fulfillment.checkOpenTickets(60_000, 0)).toBe(0);
      await drain();
      expect((await store.get(liam.id)).status).toBe('fulfilling');

      zendesk.setTicket({ status: 'resolved', detail: 'Seat added' });
      expect(await fulfillment.checkOpenTickets(60_000, 60_000)).toBe(2);
      await drain();
      const done = await store.get(liam.id);
      expect(done.status).toBe('fulfilled');
      expect(done.history.map(h => [h.type, h.comment])).toEqual([
        ['submitted', undefined],
        ['approved', 'No approval needed'],
        ['fulfilling', 'ticket'],
        [
          'ticket-opened',
          `zendesk T-liam.patel https://acme.zendesk.test/agent/tickets/${liam.id}`,
        ],
        ['fulfilled', 'Seat added'],
      ]);
      expect((await store.get(emma.id)).status).toBe('fulfilled');
      // Resolved tickets are not polled again.
      expect(await fulfillment.checkOpenTickets(60_000, 120_000)).toBe(0);
      expect(zendesk.calls).toHaveLength(4);
    },
  );

  it.each(databases.eachSupportedId())(
    'follows a ticket by webhook, and says what to install when no provider is there (%p)',
    async id => {
      const jsm = scriptedProvider('jira-service-management', 'ticket', [
        { status: 'pending', externalId: 'IT-7' },
      ]);
      const { store, requests, drain } = await setup(id, [jsm.provider]);
      const miro = await requests.submit(
        { appKey: 'miro', tier: 'basic' },
        { requester: ref('emma.jones') },
      );
      await drain();
      await jsm.webhook({ externalId: 'IT-7', status: 'resolved' });
      // A webhook for a ticket no request waits on changes nothing.
      await jsm.webhook({ externalId: 'IT-999', status: 'resolved' });
      const resolved = await store.get(miro.id);
      expect(resolved.status).toBe('fulfilled');
      expect(resolved.history.find(h => h.type === 'fulfilled')?.comment).toBe(
        'jira-service-management ticket IT-7 resolved',
      );

      // Figma is automatic, but no Okta connector is installed.
      const figma = await requestFigmaPro(requests);
      await drain();
      const failed = await store.get(figma.id);
      expect(failed.status).toBe('failed');
      expect(failed.fulfillment?.failureReason).toMatch(
        /^No Okta connector is installed/,
      );
    },
  );
});
