import {
  BackendFeature,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { productivHomeFulfillmentExtensionPoint } from '@internal/plugin-productiv-home-node';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities } from '@internal/sandbox';
import { Server } from 'node:http';
import request from 'supertest';
import { permissionModuleProductivPolicy } from '../modules/permissionPolicy';
import { permissionTestServices } from './permissionTestServices';
import { testDatabaseFactory } from './testDatabases';

/** The inventory Home sees: Figma (one Okta group per tier) and Miro. */
const inventory = [
  {
    key: 'figma',
    name: 'Figma',
    instances: [
      {
        id: '0oa1',
        appKey: 'figma',
        label: 'Figma',
        status: 'ACTIVE',
        groups: [{ id: '00g1', name: 'Figma editors' }],
        tiers: [{ tier: 'editor', groupId: '00g1', source: 'suggested' }],
        assignedUsers: 3,
      },
    ],
  },
  {
    key: 'miro',
    name: 'Miro',
    instances: [
      {
        id: '0oa2',
        appKey: 'miro',
        label: 'Miro',
        status: 'ACTIVE',
        groups: [],
        tiers: [],
        assignedUsers: 2,
      },
    ],
  },
];

/** A ticketing connector whose tickets fail for Miro, so failed requests can be retried. */
const testTicketing = createBackendModule({
  pluginId: 'productiv-home',
  moduleId: 'test-ticketing',
  register(reg) {
    reg.registerInit({
      deps: { fulfillment: productivHomeFulfillmentExtensionPoint },
      async init({ fulfillment }) {
        fulfillment.addProvider({
          id: 'zendesk',
          kind: 'ticket',
          fulfill: async r =>
            r.appKey === 'miro'
              ? { status: 'failed', reason: 'The desk refused it' }
              : { status: 'pending', externalId: '1' },
          test: async () => 'Connected to acme.zendesk.com',
        });
      },
    });
  },
});

/**
 * The Productiv Home plugin on `databaseId`, with the real permission
 * backend and the demo policy, the demo people in the catalog and the
 * inventory above. Its connectors are `modules` with their `connectors`
 * config, or by default a test ticketing connector (see above).
 */
export async function startHomeBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: { modules?: BackendFeature[]; connectors?: object } = {},
): Promise<{ server: Server }> {
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      permissionPlugin,
      ...(options.modules ?? [testTicketing]),
      permissionModuleProductivPolicy,
      permissionsServiceFactory,
      httpAuthServiceFactory,
      testDatabaseFactory(databases, databaseId),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          productivHome: { adminGroups: ['group:default/productiv-admins'] },
          connectors: options.connectors ?? {},
        },
      }),
      ...permissionTestServices(),
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: provisioningWorkflowsInventoryServiceRef,
        deps: {},
        factory: () => ({
          listApps: async () => inventory as any,
          listAssignments: async () => [],
          listHoldings: async () => [],
          getPeerUsage: async (entityRef: string) => ({
            entityRef,
            teams: [],
            byTeam: [{ appKey: 'figma', appName: 'Figma', users: 4 }],
            byTitle: [],
            byDepartment: [],
          }),
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  return { server };
}

/** The Authorization header of a demo person, or of nobody. */
export function callerHeader(who?: string) {
  return who
    ? mockCredentials.user.header(`user:default/${who}`)
    : mockCredentials.none.header();
}

/** Methods supertest offers for the routes of a spec. */
export type Method = 'get' | 'put' | 'post' | 'delete';

/** A request of `who` to `path` under `mount`, before it is sent. */
export function callAs(
  server: Parameters<typeof request>[0],
  mount: string,
  check: (test: request.Test) => request.Test,
) {
  return (method: Method, path: string, who?: string, body?: unknown) => {
    const test = check(
      request(server)
        [method](`${mount}${path}`)
        .set('Authorization', callerHeader(who)),
    );
    return body === undefined ? test : test.send(body as object);
  };
}
