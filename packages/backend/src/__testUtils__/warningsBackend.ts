import {
  BackendFeature,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleEmail from '@internal/plugin-provisioning-workflows-backend-module-email';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import provisioningWorkflowsModuleSlack from '@internal/plugin-provisioning-workflows-backend-module-slack';
import { provisioningWorkflowsSchedulerServiceRef } from '@internal/plugin-provisioning-workflows-node';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { testDatabaseFactory } from './testDatabases';

export type TriggerableScheduler = SchedulerService & {
  triggerTask(id: string): Promise<void>;
};

/**
 * Provisioning workflows with its Okta, Slack and e-mail modules on
 * `databaseId`, against a fresh sandbox, and with `home` Productiv Home in
 * the same backend. `people` adds to the catalog (given the sandbox, before
 * the backend starts), `connectors.slack` and `provisioningWorkflows` add
 * to the config. The workflow jobs run when the test triggers
 * `provisioning-workflows:jobs` on `scheduler`. Registers its own
 * beforeAll/afterAll; call inside a describe.
 */
export function warningsBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: {
    home?: boolean;
    people?: (sandbox: Sandbox) => object[];
    slack?: object;
    provisioningWorkflows?: object;
  } = {},
) {
  const env: { sandbox?: Sandbox; base?: string } = {};
  const scheduler = mockServices.scheduler() as TriggerableScheduler;

  beforeAll(async () => {
    clearProxyEnvironment();
    const sandbox = await startSandbox({ activity: false });
    env.sandbox = sandbox;
    const entities = [
      ...demoUserEntities(),
      ...((options.people?.(sandbox) ?? []) as any[]),
    ];
    const home: BackendFeature[] = options.home ? [productivHomePlugin] : [];
    const { server } = await startTestBackend({
      features: [
        provisioningWorkflowsPlugin,
        provisioningWorkflowsModuleOkta,
        provisioningWorkflowsModuleSlack,
        provisioningWorkflowsModuleEmail,
        ...home,
        testDatabaseFactory(databases, databaseId),
        createServiceFactory({
          service: provisioningWorkflowsSchedulerServiceRef,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            productivHome: { adminGroups: ['group:default/productiv-admins'] },
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
              slack: {
                apiUrl: sandbox.urls.slack,
                botToken: sandbox.credentials.slack.botToken,
                signingSecret: sandbox.credentials.slack.signingSecret,
                ...options.slack,
              },
              email: {
                smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
                from: 'Productiv <productiv@acme.example.com>',
              },
            },
            provisioningWorkflows: options.provisioningWorkflows ?? {},
          },
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    env.base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => env.sandbox?.stop());

  return {
    sandbox: () => env.sandbox!,
    base: () => env.base!,
    scheduler,
  };
}
