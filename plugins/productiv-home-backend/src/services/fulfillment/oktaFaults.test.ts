import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import {
  DEFAULT_PEOPLE_ANNOTATIONS,
  HomeApp,
} from '@internal/plugin-productiv-home-common';
import { OktaFulfillmentProvider } from '@internal/plugin-productiv-home-backend-module-okta';
import { ZendeskTicketProvider } from '@internal/plugin-productiv-home-backend-module-zendesk';
import { FulfillmentProvider } from '@internal/plugin-productiv-home-node';
import {
  DEMO_APPS,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { CatalogPeopleDirectory } from '../people/CatalogPeopleDirectory';
import { RequestUseCases } from '../requests/RequestUseCases';
import { FulfillmentService, TICKET_CHECK_JOB } from './FulfillmentService';

jest.setTimeout(180_000);

type OktaGroup = { id: string; name: string; members: string[] };

/**
 * The fault test: 200 approved requests for apps with Okta groups,
 * with 20% of the sandbox's Okta calls failing (429 and 500), and a replica
 * dying with jobs claimed. Every request ends fulfilled, with its membership
 * in Okta, and no job is lost.
 */
describe('fulfillment through Okta under faults', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  // A fresh sandbox per database: the first run's grants would leave the
  // second too few people to add.
  let sandbox: Sandbox;

  beforeEach(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
  });
  afterEach(() => sandbox.stop());

  const groups = async (): Promise<OktaGroup[]> =>
    (await fetch(`${sandbox.urls.inspector}/api/okta/groups`)).json();

  async function setup(id: TestDatabaseId) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({
      knex,
      table: 'home_jobs',
      backoff: { baseMs: 50, factor: 2, maxMs: 400 },
    });
    const { requests: store, apps } = ProductivHomeDatabase.stores(knex, jobs);
    const users = demoUserEntities();
    const people = new CatalogPeopleDirectory({
      catalog: catalogServiceMock({ entities: users }),
      auth: mockServices.auth(),
      annotations: DEFAULT_PEOPLE_ANNOTATIONS,
    });
    const requests = new RequestUseCases({
      store,
      apps,
      people,
      settings: async () => ({
        approvalMethod: 'email',
        defaultApprovers: [],
        reminderHours: [],
        justificationRequired: false,
      }),
    });
    const okta = OktaFulfillmentProvider.fromConfig(
      new ConfigReader({
        connectors: {
          okta: {
            orgUrl: sandbox.urls.okta,
            token: sandbox.credentials.okta.token,
          },
        },
      }),
    )!;
    const zendesk = (await ZendeskTicketProvider.fromConfig(
      new ConfigReader({
        connectors: {
          zendesk: {
            url: sandbox.urls.zendesk,
            ...sandbox.credentials.zendesk,
          },
        },
      }),
      knex,
    ))!;
    const connectors = new ConnectorsService({
      providers: new Map<string, FulfillmentProvider>([
        ['okta', okta],
        ['zendesk', zendesk],
      ]),
      channels: new Map(),
      logger: mockServices.logger.mock(),
    });

    // The inventory: each demo app's tiers with their Okta groups.
    const byName = new Map((await groups()).map(g => [g.name, g.id]));
    const tiered = DEMO_APPS.filter(a => a.tiers?.length);
    const fulfillment = new FulfillmentService({
      requests,
      store,
      jobs,
      apps,
      connectors,
      people,
      inventory: {
        listApps: async () =>
          tiered.map(a => ({
            key: a.key,
            name: a.label,
            instances: [
              {
                id: `0oa-${a.key}`,
                appKey: a.key,
                label: a.label,
                status: 'ACTIVE',
                groups: [],
                tiers: a.tiers!.map(t => ({
                  tier: t.tier,
                  groupId: byName.get(t.group),
                  source: 'suggested',
                })),
                assignedUsers: 0,
              },
            ],
          })) as any,
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
    for (const a of tiered) {
      const app: HomeApp = {
        appKey: a.key,
        name: a.label,
        description: '',
        category: 'Other',
        tiers: a.tiers!.map(t => t.tier),
        owners: [],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'automatic',
      };
      await apps.putApp(app, 'user:default/alex.morgan', Date.now());
    }
    // An app without Okta groups: its requests become Zendesk tickets.
    await apps.putApp(
      {
        appKey: 'ticketed',
        name: 'Ticketed',
        description: '',
        category: 'Other',
        tiers: ['t1', 't2'],
        owners: [],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'ticket',
      },
      'user:default/alex.morgan',
      Date.now(),
    );
    return { store, jobs, requests, fulfillment, users, tiered };
  }

  it.each(databases.eachSupportedId())(
    'fulfills 200 requests (Okta groups and Zendesk tickets) with 20%% of the calls failing or timing out and a replica dying mid-queue (%p)',
    async id => {
      const { store, jobs, requests, fulfillment, users, tiered } = await setup(
        id,
      );
      // 200 (person, app, tier) pairs the person does not hold yet.
      const before = await groups();
      const members = new Map(before.map(g => [g.name, new Set(g.members)]));
      const emails = users
        .map(u => (u.spec as any).profile.email as string)
        .filter(e => e !== 'nina.petrov@acme.example.com');
      const wanted: Array<{
        email: string;
        app: string;
        tier: string;
        group: string;
      }> = [];
      for (const a of tiered) {
        for (const t of a.tiers!) {
          for (const email of emails) {
            const held = members.get(t.group)?.has(email);
            if (!held && wanted.length < 150) {
              wanted.push({ email, app: a.key, tier: t.tier, group: t.group });
            }
          }
        }
      }
      expect(wanted).toHaveLength(150);
      const tickets = emails
        .flatMap(email => ['t1', 't2'].map(tier => ({ email, tier })))
        .slice(0, 50);
      expect(tickets).toHaveLength(50);

      sandbox.state.faults.reset();
      // 20% of calls fail: 429s, 500s, and answers that come too late (the
      // job's 1 s timeout gives up; the call may still land, so the retry
      // must notice it).
      const faults = {
        rate429: 0.08,
        rate500: 0.08,
        delayRate: 0.04,
        delayMs: 1500,
      };
      sandbox.state.faults.set('okta', faults);
      sandbox.state.faults.set('zendesk', faults);
      const ids: string[] = [];
      for (const w of wanted) {
        const request = await requests.submit(
          { appKey: w.app, tier: w.tier },
          { requester: `user:default/${w.email.split('@')[0]}` },
        );
        ids.push(request.id);
      }
      const ticketIds: string[] = [];
      for (const t of tickets) {
        const request = await requests.submit(
          { appKey: 'ticketed', tier: t.tier },
          { requester: `user:default/${t.email.split('@')[0]}` },
        );
        ticketIds.push(request.id);
      }
      expect((await jobs.counts()).queued).toBe(200);

      // A replica claims 30 jobs and dies before finishing them.
      const lost = await jobs.claim({
        worker: 'dead',
        limit: 30,
        leaseMs: 300,
      });
      expect(lost).toHaveLength(30);

      const runner = new JobRunner({
        store: jobs,
        worker: 'alive',
        handlers: fulfillment.handlers(),
        concurrency: 8,
        timeoutMs: 1000,
        onFinished: (job, outcome) => fulfillment.onFinished(job, outcome),
      });
      for (let round = 0; round < 300; round++) {
        await runner.runOnce();
        const c = await jobs.counts();
        if (c.succeeded + c.failed === 200) break;
        await new Promise(r => setTimeout(r, 100));
      }
      const stats = sandbox.state.faults.stats('okta');
      const ticketStats = sandbox.state.faults.stats('zendesk');
      sandbox.state.faults.reset();

      expect(await jobs.counts()).toMatchObject({ succeeded: 200, failed: 0 });
      const statuses = await Promise.all(ids.map(i => store.get(i)));
      expect(statuses.filter(r => r.status !== 'fulfilled')).toEqual([]);
      const after = new Map(
        (await groups()).map(g => [g.name, new Set(g.members)]),
      );
      for (const w of wanted) {
        expect(after.get(w.group)?.has(w.email)).toBe(true);
      }
      // The faults did happen.
      expect(stats.injected429 + stats.injected500).toBeGreaterThan(50);
      expect(ticketStats.injected429 + ticketStats.injected500).toBeGreaterThan(
        5,
      );

      // Exactly one Zendesk ticket per ticket request, each waited on.
      const waiting = await Promise.all(ticketIds.map(i => store.get(i)));
      expect(waiting.every(r => r.status === 'fulfilling')).toBe(true);
      const opened = sandbox.state.helpdesk.tickets;
      expect(opened).toHaveLength(50);
      expect(new Set(opened.map(t => t.external_id)).size).toBe(50);
      expect(new Set(waiting.map(r => r.fulfillment?.externalId))).toEqual(
        new Set(opened.map(t => String(t.id))),
      );
      // IT solves them; the next status checks fulfil every request.
      for (const t of opened) t.status = 'solved';
      expect(await fulfillment.checkOpenTickets(60_000)).toBe(50);
      // (The runner has no notification handler: those jobs stay queued.)
      const checksQueued = async () =>
        (
          await jobs.list({
            status: 'queued',
            type: TICKET_CHECK_JOB,
            limit: 1,
          })
        ).items.length;
      for (let round = 0; round < 50; round++) {
        await runner.runOnce();
        if (!(await checksQueued())) break;
      }
      const done = await Promise.all(ticketIds.map(i => store.get(i)));
      expect(done.filter(r => r.status !== 'fulfilled')).toEqual([]);
    },
  );
});
