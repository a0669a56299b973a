import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import productivHomeModuleOkta from '@internal/plugin-productiv-home-backend-module-okta';
import { productivHomeSchedulerServiceRef } from '@internal/plugin-productiv-home-node';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { AddressInfo } from 'node:net';

/**
 * The explicit link of a Home app to Okta, end to end: the real inventory
 * (Provisioning workflows, synced from the sandbox's Okta) backs the lists
 * and the checks; a link to a group the app does not have is refused with a
 * message naming the group; an app saved before links were explicit is
 * migrated by the key match and keeps being granted through Okta.
 */

jest.setTimeout(120_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');

describe('Home apps linked to Okta', () => {
  let sandbox: Sandbox;
  let base: string;
  let homeDb: Awaited<ReturnType<DatabaseService['getClient']>>;
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(options: {
      skipTaskRunOnStartup: boolean;
    }): ReturnType<typeof mockServices.scheduler.factory>;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleOkta,
        provisioningWorkflowsPlugin,
        provisioningWorkflowsModuleOkta,
        // Reaches Home's own database, to write a row as an older release did.
        createBackendModule({
          pluginId: 'productiv-home',
          moduleId: 'test-database-access',
          register(reg) {
            reg.registerInit({
              deps: { database: coreServices.database },
              async init({ database }) {
                homeDb = await database.getClient();
              },
            });
          },
        }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: productivHomeSchedulerServiceRef,
          deps: {},
          factory: () => scheduler,
        }),
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
  afterAll(() => sandbox.stop());

  async function call(method: string, path: string, body?: object) {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(ADMIN),
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
    for (let i = 0; i < 200; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('timed out');
  }
  const oktaGroups = async (): Promise<
    Array<{ id: string; name: string; members: string[] }>
  > => fetch(`${sandbox.urls.inspector}/api/okta/groups`).then(r => r.json());

  const figmaApp = {
    name: 'Figma',
    tiers: ['viewer', 'editor'],
    approval: { required: 'no-one', exceptGroups: [], levels: [] },
    fulfillment: 'automatic',
  };

  it('lists the inventory and refuses a link it does not back, naming what is wrong', async () => {
    expect(
      (await call('POST', '/provisioning-workflows/sync/inventory')).status,
    ).toBe(202);
    const instances = await until(
      async () =>
        (
          await call('GET', '/productiv-home/inventory/instances')
        ).body.items as any[],
      items => items.some(i => i.appKey === 'figma'),
    );
    const figma = instances.find(i => i.appKey === 'figma');
    expect(figma.groups.map((g: any) => g.name)).toEqual([
      'Figma Editor',
      'Figma Viewer',
    ]);
    // A group of another app.
    const stranger = instances.find(
      i => i.appKey !== 'figma' && i.groups.length,
    ).groups[0];

    const withGroup = (groupId: string, instanceId = figma.id) =>
      call('PUT', '/productiv-home/apps/figma', {
        ...figmaApp,
        okta: {
          instanceId,
          tiers: [
            {
              tier: 'viewer',
              grant: 'okta-group',
              groupId: figma.groups[1].id,
            },
            { tier: 'editor', grant: 'okta-group', groupId },
          ],
        },
      });
    const unknown = await withGroup('00gDoesNotExist');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      `okta.tiers.1.groupId: the Okta group "00gDoesNotExist" is not assigned to ${figma.label}; assign it to the app in Okta and sync the inventory, or pick one of: "Figma Editor", "Figma Viewer"`,
    );
    const otherApps = await withGroup(stranger.id);
    expect(otherApps.status).toBe(400);
    expect(otherApps.body.error.message).toContain(
      `the Okta group "${stranger.name}" (${stranger.id}) is not assigned to ${figma.label}`,
    );
    const noInstance = await withGroup(figma.groups[0].id, '0oaNoSuchApp');
    expect(noInstance.status).toBe(400);
    expect(noInstance.body.error.message).toContain(
      'okta.instanceId: "0oaNoSuchApp" is not an app in the inventory',
    );
    const unlinked = await call('PUT', '/productiv-home/apps/figma', figmaApp);
    expect(unlinked.status).toBe(400);
    expect(unlinked.body.error.message).toContain(
      'okta: Figma is fulfilled automatically, so it needs its Okta app',
    );
    // Nothing was saved.
    expect((await call('GET', '/productiv-home/apps')).body.items).toEqual([]);

    const saved = await withGroup(figma.groups[0].id);
    expect(saved.status).toBe(200);
    expect(saved.body.okta.instanceId).toBe(figma.id);
  });

  it('migrates an app saved before links were explicit, and it keeps granting through Okta', async () => {
    // As an older release stored it: no link; the key and tier names
    // matched the inventory's.
    await homeDb('home_apps')
      .where({ app_key: 'figma' })
      .update({
        definition: JSON.stringify({
          ...figmaApp,
          appKey: 'figma',
          description: '',
          category: 'Design',
          owners: [],
        }),
      });
    await homeDb('home_catalog_state').increment('version', 1);

    await scheduler.triggerTask('productiv-home:okta-link-migration');
    const migrated = await until(
      async () =>
        (
          await call('GET', '/productiv-home/apps')
        ).body.items.find((a: any) => a.appKey === 'figma'),
      app => Boolean(app?.okta),
    );
    const groups = await oktaGroups();
    const id = (name: string) => groups.find(g => g.name === name)!.id;
    expect(migrated.okta.tiers).toEqual([
      { tier: 'viewer', grant: 'okta-group', groupId: id('Figma Viewer') },
      { tier: 'editor', grant: 'okta-group', groupId: id('Figma Editor') },
    ]);

    const requested = await fetch(`${base}/api/productiv-home/requests`, {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header(ref('noah.kim')),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ appKey: 'figma', tier: 'editor' }),
    }).then(r => r.json());
    const done = await until(
      async () =>
        (
          await call('GET', `/productiv-home/requests/${requested.id}`)
        ).body,
      r => r.status !== 'fulfilling' && r.status !== 'approved',
    );
    expect(done.status).toBe('fulfilled');
    expect(done.fulfillment.provider).toBe('okta');
    expect(
      (await oktaGroups()).find(g => g.name === 'Figma Editor')!.members,
    ).toContain('noah.kim@acme.example.com');
  });
});
