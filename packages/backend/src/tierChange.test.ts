import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import productivHomeModuleOkta from '@internal/plugin-productiv-home-backend-module-okta';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { testDatabaseFactory } from './__testUtils__/testDatabases';

/**
 * My access and a tier change, end to end on each database: the real
 * inventory (Provisioning workflows, synced from the sandbox's Okta) says
 * Benjamin holds Tableau Viewer; Home shows it, refuses a second Viewer
 * request, and an approved request for Explorer is fulfilled through Okta
 * with one removal from the Viewer group and one addition to Explorer.
 */

jest.setTimeout(180_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const BENJAMIN = ref('benjamin.moore');
const MANAGER = ref('charlotte.davis');
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

type Write = { kind: string; target: string; login: string; changed: boolean };

describe.each(databases.eachSupportedId())(
  'a tier change through My access, on %p',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let base: string;

    beforeAll(async () => {
      for (const v of [
        'HTTPS_PROXY',
        'https_proxy',
        'HTTP_PROXY',
        'http_proxy',
      ])
        delete process.env[v];
      sandbox = await startSandbox({ activity: false });
      const { server } = await startTestBackend({
        features: [
          productivHomePlugin,
          productivHomeModuleOkta,
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          testDatabaseFactory(databases, databaseId),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          mockServices.rootConfig.factory({
            data: {
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
              },
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
    async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
      let v: T | undefined;
      for (let i = 0; i < 300; i++) {
        v = await read();
        if (ok(v)) return v;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(`timed out, last read: ${JSON.stringify(v)}`);
    }
    const writesFor = async (login: string): Promise<Write[]> =>
      (
        (await (
          await fetch(`${sandbox.urls.inspector}/api/okta/writes`)
        ).json()) as Write[]
      ).filter(w => w.login === login);

    it('shows Viewer in My access, refuses Viewer again, and swaps Viewer for Explorer in Okta', async () => {
      expect(
        (await call(ADMIN, 'POST', '/provisioning-workflows/sync/inventory'))
          .status,
      ).toBe(202);
      const instances = await until(
        async () =>
          (
            await call(ADMIN, 'GET', '/productiv-home/inventory/instances')
          ).body.items as any[],
        items => items.some(i => i.appKey === 'tableau_online'),
      );
      const tableau = instances.find(i => i.appKey === 'tableau_online');
      const group = (name: string) =>
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
          tiers: ['viewer', 'explorer', 'creator'].map(tier => ({
            tier,
            grant: 'okta-group',
            groupId: group(`Tableau ${tier[0].toUpperCase()}${tier.slice(1)}`),
          })),
        },
      });
      expect(saved.status).toBe(200);

      // My access, from the inventory: Tableau at Viewer, by name.
      const access = await call(BENJAMIN, 'GET', '/productiv-home/me/access');
      expect(access.status).toBe(200);
      expect(access.body.items).toContainEqual(
        expect.objectContaining({
          appKey: 'tableau',
          appName: 'Tableau',
          tier: 'viewer',
          tierName: 'Viewer',
        }),
      );
      const tiers = await call(
        BENJAMIN,
        'GET',
        '/productiv-home/catalog/tiers',
      );
      expect(
        tiers.body.items
          .find((a: any) => a.appKey === 'tableau')
          .tiers.map((t: any) => t.displayName),
      ).toEqual(['Viewer', 'Explorer', 'Creator']);

      // The tier held is refused, with what to do instead.
      const again = await call(BENJAMIN, 'POST', '/productiv-home/requests', {
        appKey: 'tableau',
        tier: 'viewer',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'You already have Tableau Viewer. To change it, request another tier from My access.',
      );

      const change = await call(BENJAMIN, 'POST', '/productiv-home/requests', {
        appKey: 'tableau',
        tier: 'explorer',
        justification: 'Building my own views',
      });
      expect(change.status).toBe(201);
      expect(change.body).toMatchObject({
        status: 'pending_approval',
        tier: 'explorer',
        fromTier: 'viewer',
      });
      expect(change.body.approvals.map((a: any) => a.approver)).toEqual([
        MANAGER,
      ]);
      expect(await writesFor('benjamin.moore@acme.example.com')).toEqual([]);

      const decided = await call(
        MANAGER,
        'POST',
        `/productiv-home/requests/${change.body.id}/decision`,
        { decision: 'approved' },
      );
      expect(decided.status).toBe(200);
      const done = await until(
        async () =>
          (
            await call(
              BENJAMIN,
              'GET',
              `/productiv-home/requests/${change.body.id}`,
            )
          ).body,
        r => !['approved', 'fulfilling'].includes(r.status),
      );
      expect(done.status).toBe('fulfilled');

      // Exactly one write each: out of Viewer, into Explorer.
      const writes = await writesFor('benjamin.moore@acme.example.com');
      expect(writes.map(w => [w.kind, w.target, w.changed]).sort()).toEqual([
        ['group.user.add', 'Tableau Explorer', true],
        ['group.user.remove', 'Tableau Viewer', true],
      ]);
    });
  },
);
