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
 * A license given back from My access, end to end on each database: the
 * real inventory (Provisioning workflows, synced from the sandbox's Okta)
 * says Benjamin holds Tableau Viewer; he gives it back, the return is
 * fulfilled with no approval (although Tableau needs his manager's for a
 * grant) by one removal from the Viewer group in Okta, and giving it back
 * again is refused, before and after the inventory's next sync.
 */

jest.setTimeout(180_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const BENJAMIN = ref('benjamin.moore');
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

type Write = { kind: string; target: string; login: string; changed: boolean };

describe.each(databases.eachSupportedId())(
  'giving a license back from My access, on %p',
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

    it('gives Tableau Viewer back with one removal in Okta and no approval, and refuses a second give-back', async () => {
      const sync = async () =>
        expect(
          (await call(ADMIN, 'POST', '/provisioning-workflows/sync/inventory'))
            .status,
        ).toBe(202);
      await sync();
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
      const access = await call(BENJAMIN, 'GET', '/productiv-home/me/access');
      expect(access.body.items).toContainEqual(
        expect.objectContaining({ appKey: 'tableau', tierName: 'Viewer' }),
      );

      const given = await call(
        BENJAMIN,
        'POST',
        '/productiv-home/requests/return',
        { appKey: 'tableau', justification: 'Project over' },
      );
      expect(given.status).toBe(201);
      expect(given.body).toMatchObject({
        kind: 'return',
        appKey: 'tableau',
        tier: 'viewer',
        approvals: [],
      });
      expect(given.body.history[0]).toMatchObject({
        actor: BENJAMIN,
        type: 'submitted',
        comment: 'Gave back Tableau Viewer',
      });
      const done = await until(
        async () =>
          (
            await call(
              BENJAMIN,
              'GET',
              `/productiv-home/requests/${given.body.id}`,
            )
          ).body,
        r => !['approved', 'fulfilling'].includes(r.status),
      );
      expect(done).toMatchObject({
        status: 'fulfilled',
        kind: 'return',
        fulfillment: { provider: 'okta' },
      });
      // No one was asked to approve.
      expect(done.history.map((e: any) => e.type)).toEqual([
        'submitted',
        'approved',
        'fulfilling',
        'fulfilled',
      ]);

      // Exactly one write: out of Viewer.
      expect(
        (await writesFor('benjamin.moore@acme.example.com')).map(w => [
          w.kind,
          w.target,
          w.changed,
        ]),
      ).toEqual([['group.user.remove', 'Tableau Viewer', true]]);

      // In My requests, as a return.
      const mine = await call(BENJAMIN, 'GET', '/productiv-home/requests');
      expect(mine.body.items).toContainEqual(
        expect.objectContaining({ id: given.body.id, kind: 'return' }),
      );

      // Again before the inventory has seen it: refused, nothing written.
      const again = await call(
        BENJAMIN,
        'POST',
        '/productiv-home/requests/return',
        { appKey: 'tableau' },
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        `You gave back Tableau Viewer already (request ${given.body.id}); My access shows it until the next inventory sync`,
      );

      // After the next sync, My access no longer lists it: nothing to give back.
      await sync();
      await until(
        async () =>
          (
            await call(BENJAMIN, 'GET', '/productiv-home/me/access')
          ).body.items as any[],
        items => !items.some(i => i.appKey === 'tableau'),
      );
      const after = await call(
        BENJAMIN,
        'POST',
        '/productiv-home/requests/return',
        { appKey: 'tableau' },
      );
      expect(after.status).toBe(409);
      expect(after.body.error.message).toBe(
        'You do not have Tableau; there is nothing to give back',
      );
      expect((await writesFor('benjamin.moore@acme.example.com')).length).toBe(
        1,
      );
    });
  },
);
