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
import { testDatabaseFactory } from './testDatabases';

/** A membership or assignment write the sandbox's Okta saw. */
export type OktaWrite = {
  kind: string;
  target: string;
  login: string;
  changed: boolean;
};

const ADMIN = 'user:default/alex.morgan';

/**
 * Both plugins and both Okta modules on `databaseId`, against a fresh
 * sandbox (its Okta is the source of truth), for the end-to-end tests of
 * My access. Registers its own beforeAll/afterAll; call inside a describe.
 */
export function sandboxPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let sandbox: Sandbox;
  let base: string;

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
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

  /** An API call as `as`, with the JSON answer. */
  async function call(as: string, method: string, path: string, body?: object) {
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

  /** Reads until `ok`, for up to 30 s; the error shows the last read. */
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
    let v: T | undefined;
    for (let i = 0; i < 300; i++) {
      v = await read();
      if (ok(v)) return v;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`timed out, last read: ${JSON.stringify(v)}`);
  }

  /** The Okta writes the sandbox saw for one person. */
  async function writesFor(login: string): Promise<OktaWrite[]> {
    const writes = (await (
      await fetch(`${sandbox.urls.inspector}/api/okta/writes`)
    ).json()) as OktaWrite[];
    return writes.filter(w => w.login === login);
  }

  /**
   * Once an inventory sync was started: offers Tableau in Home, approved by
   * the manager and granted through its three tier groups.
   */
  async function offerTableau() {
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
  }

  return { call, until, writesFor, offerTableau };
}
