import {
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
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { provisioningWorkflowsSchedulerServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { workflowsTestApi } from '@internal/plugin-provisioning-workflows-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { testDatabaseFactory } from './__testUtils__/testDatabases';

/**
 * Without Productiv Home there is no ticketing system: a change Okta
 * cannot make (a downgrade to Figma's Viewer, which has no Okta group)
 * fails, saying so, instead of waiting on IT forever; the run finishes.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'changes Okta cannot make, without Productiv Home, on %p',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let base: string;
    const scheduler = mockServices.scheduler() as SchedulerService & {
      triggerTask(id: string): Promise<void>;
    };

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const { server } = await startTestBackend({
        features: [
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          testDatabaseFactory(databases, databaseId),
          createServiceFactory({
            service: provisioningWorkflowsSchedulerServiceRef,
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
    afterAll(() => sandbox?.stop());

    it('fails the action with the reason and finishes the run', async () => {
      const api = workflowsTestApi(base, 'user:default/alex.morgan');
      const figma = await api.syncedInstance('Figma');
      const groups: Array<{ id: string; name: string }> = await fetch(
        `${sandbox.urls.inspector}/api/okta/groups`,
      ).then(r => r.json());
      await api.call('PUT', `/instances/${figma.id}/tiers`, {
        tiers: [
          { tier: 'viewer', displayName: 'Viewer' },
          {
            tier: 'editor',
            displayName: 'Editor',
            groupId: groups.find(g => g.name === 'Figma Editor')!.id,
          },
        ],
      });
      await api.saveWorkflow(figma.id, {
        rules: [
          {
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            tiers: ['editor'],
            outcome: { action: 'downgrade', toTier: 'viewer' },
          },
        ],
        newHireDays: 0,
        notifications: { enabled: false, daysBefore: 0, allowOptOut: false },
        mode: 'automatic',
      });
      const run = await api.startRun(figma.id);
      const finished = await api.until(
        async () => {
          await scheduler.triggerTask('provisioning-workflows:jobs');
          await scheduler.triggerTask('provisioning-workflows:workflow-tick');
          const r = await api.run(run.id);
          return r.status === 'succeeded' ? r : undefined;
        },
        Boolean,
        60_000,
      );
      const actions = await api.actions(run.id);
      expect(actions.length).toBeGreaterThan(0);
      expect(finished!.counts).toEqual({ failed: actions.length });
      expect(actions[0].detail).toBe(
        'Okta cannot make this change (Viewer has no Okta group, so Okta cannot move anyone to it), and it could not go to IT: Productiv Home is not installed, so no ticketing system can take changes Okta cannot make',
      );
    });
  },
);
