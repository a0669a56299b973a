import {
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { notificationService } from '@backstage/plugin-notifications-node';
import catalogModuleProductivOkta from '@internal/plugin-catalog-backend-module-productiv-okta';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import productivHomeModuleOkta from '@internal/plugin-productiv-home-backend-module-okta';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { testDatabaseFactory } from './__testUtils__/testDatabases';
import { until } from './__testUtils__/until';

/**
 * The catalog from Okta, end to end on each database: the real catalog
 * backend with the Okta catalog module, Productiv Home and Provisioning
 * workflows, against a fresh sandbox. Someone who exists only in Okta
 * (added through the Users API, with title, department and a managerId
 * holding the manager's login) is in the catalog after the provider's
 * scheduled refresh, with Home's manager, title and department
 * annotations, and their request for an app goes to that manager.
 */

jest.setTimeout(180_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const RILEY = ref('riley.quinn');
const MANAGER = ref('charlotte.davis');
const REFRESH_TASK = 'productiv-okta-provider:refresh';
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

type MockScheduler = SchedulerService & {
  factory(options?: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
};

describe.each(databases.eachSupportedId())(
  'the catalog from Okta, on %p',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let base: string;
    const scheduler = mockServices.scheduler() as MockScheduler;

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleProductivOkta,
          productivHomePlugin,
          productivHomeModuleOkta,
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          testDatabaseFactory(databases, databaseId),
          scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
              },
              catalog: { providers: { productivOkta: {} } },
            },
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => sandbox?.stop());

    async function call(
      as: string,
      method: string,
      path: string,
      body?: object,
    ) {
      const res = await fetch(`${base}/api${path}`, {
        method,
        headers: {
          authorization: mockCredentials.user.header(as),
          'content-type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }

    /** A call to the sandbox's Okta Management API, as an SSWS client makes it. */
    async function oktaApi(method: string, path: string, body?: object) {
      const res = await fetch(`${sandbox.urls.okta}/api/v1${path}`, {
        method,
        headers: {
          authorization: `SSWS ${sandbox.credentials.okta.token}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return res.json();
    }

    const catalogUser = async (name: string) =>
      (
        await call(
          ADMIN,
          'GET',
          `/catalog/entities/by-name/user/default/${name}`,
        )
      ).body;

    it('brings a person who is only in Okta into the catalog with manager, title and department, and routes their request to that manager', async () => {
      // Only in Okta: added through the Users API, reporting to Charlotte by login.
      const [sales] = await oktaApi(
        'GET',
        `/groups?search=${encodeURIComponent('profile.name eq "Sales"')}`,
      );
      const riley = await oktaApi('POST', '/users?activate=true', {
        profile: {
          login: 'riley.quinn@acme.example.com',
          email: 'riley.quinn@acme.example.com',
          firstName: 'Riley',
          lastName: 'Quinn',
          title: 'Sales Analyst',
          department: 'Sales',
          manager: 'Charlotte Davis',
          managerId: 'charlotte.davis@acme.example.com',
        },
        credentials: { password: { value: 'Sandbox-Passw0rd!' } },
        groupIds: [sales.id],
      });
      expect(riley.status).toBe('ACTIVE');
      expect((await call(RILEY, 'GET', '/productiv-home/me')).status).toBe(404);

      // The provider's scheduled refresh, then the catalog's processing.
      await scheduler.triggerTask(REFRESH_TASK);
      const entity = await until(
        () => catalogUser('riley.quinn'),
        e => Boolean(e?.relations?.length),
      );
      expect(entity.metadata.annotations).toMatchObject({
        'productiv.io/manager': MANAGER,
        'productiv.io/job-title': 'Sales Analyst',
        'productiv.io/department': 'Sales',
        'okta.com/user-id': riley.id,
      });
      expect(entity.spec.profile).toEqual({
        displayName: 'Riley Quinn',
        email: 'riley.quinn@acme.example.com',
      });
      expect(entity.relations).toContainEqual({
        type: 'memberOf',
        targetRef: 'group:default/sales',
      });
      // License groups are not teams: not in the catalog.
      const groups = await until(
        async () =>
          (
            await call(ADMIN, 'GET', '/catalog/entities?filter=kind=group')
          ).body as any[],
        items => items.length >= 6,
      );
      expect(groups.map((g: any) => g.metadata.name).sort()).toEqual([
        'finance',
        'it',
        'marketing',
        'platform-engineering',
        'product-engineering',
        'sales',
      ]);

      // Productiv Home reads them from the catalog (the manager's entity too).
      await until(
        () => catalogUser('charlotte.davis'),
        e => Boolean(e?.relations?.length),
      );
      const me = await call(RILEY, 'GET', '/productiv-home/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        displayName: 'Riley Quinn',
        jobTitle: 'Sales Analyst',
        department: 'Sales',
        managerRef: MANAGER,
        teams: ['group:default/sales'],
      });
      const manager = await call(MANAGER, 'GET', '/productiv-home/me');
      expect(manager.body.directReports).toContain(RILEY);

      // Tableau, from the inventory, approved by the manager.
      expect(
        (await call(ADMIN, 'POST', '/provisioning-workflows/sync/inventory'))
          .status,
      ).toBe(202);
      const instances = await until(
        async () =>
          (
            await call(ADMIN, 'GET', '/productiv-home/inventory/instances')
          ).body.items as any[],
        items => items?.some(i => i.appKey === 'tableau_online'),
      );
      const tableau = instances.find(i => i.appKey === 'tableau_online');
      const groupId = (name: string) =>
        tableau.groups.find((g: any) => g.name === name).id;
      const saved = await call(ADMIN, 'PUT', '/productiv-home/apps/tableau', {
        name: 'Tableau',
        description: 'Dashboards',
        category: 'Analytics',
        tiers: ['viewer', 'explorer', 'creator'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'automatic',
        okta: {
          instanceId: tableau.id,
          tiers: ['Viewer', 'Explorer', 'Creator'].map(tier => ({
            tier: tier.toLowerCase(),
            grant: 'okta-group',
            groupId: groupId(`Tableau ${tier}`),
          })),
        },
      });
      expect(saved.status).toBe(200);

      const requested = await call(RILEY, 'POST', '/productiv-home/requests', {
        appKey: 'tableau',
        tier: 'viewer',
        justification: 'Pipeline dashboards',
      });
      expect(requested.status).toBe(201);
      expect(requested.body.status).toBe('pending_approval');
      expect(requested.body.approvals.map((a: any) => a.approver)).toEqual([
        MANAGER,
      ]);
      const inbox = await call(MANAGER, 'GET', '/productiv-home/approvals');
      expect(inbox.body.items.map((r: any) => r.id)).toContain(
        requested.body.id,
      );

      const decided = await call(
        MANAGER,
        'POST',
        `/productiv-home/requests/${requested.body.id}/decision`,
        { decision: 'approved' },
      );
      expect(decided.status).toBe(200);
      const done = await until(
        async () =>
          (
            await call(
              RILEY,
              'GET',
              `/productiv-home/requests/${requested.body.id}`,
            )
          ).body,
        r => !['approved', 'fulfilling'].includes(r.status),
      );
      expect(done.status).toBe('fulfilled');
      const viewers = [...sandbox.state.directory.groups.values()].find(
        g => g.profile.name === 'Tableau Viewer',
      )!;
      expect(sandbox.state.directory.members.get(viewers.id)).toContain(
        riley.id,
      );
    });
  },
);
