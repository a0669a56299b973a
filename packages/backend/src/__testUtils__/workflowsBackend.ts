import { createServiceFactory } from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { demoUserEntities, Sandbox } from '@internal/sandbox';
import { Server } from 'node:http';
import { permissionModuleProductivPolicy } from '../modules/permissionPolicy';
import { permissionTestServices } from './permissionTestServices';
import { testDatabaseFactory } from './testDatabases';

/**
 * The provisioning-workflows plugin on `databaseId`, synced from the
 * sandbox's Okta, with the real permission backend and the demo policy:
 * super admins (productiv-admins) manage every app, the product-engineering
 * group Figma only.
 */
export async function startWorkflowsBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  sandbox: Sandbox,
): Promise<{ server: Server }> {
  const { server } = await startTestBackend({
    features: [
      provisioningWorkflowsPlugin,
      provisioningWorkflowsModuleOkta,
      permissionPlugin,
      permissionModuleProductivPolicy,
      permissionsServiceFactory,
      httpAuthServiceFactory,
      testDatabaseFactory(databases, databaseId),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          connectors: {
            okta: {
              orgUrl: sandbox.urls.okta,
              token: sandbox.credentials.okta.token,
            },
          },
          provisioningWorkflows: {
            adminGroups: ['group:default/productiv-admins'],
            appAdmins: { figma: ['group:default/product-engineering'] },
          },
        },
      }),
      ...permissionTestServices(),
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  return { server };
}
