import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  LicenseActionExecutor,
  provisioningWorkflowsActionsExtensionPoint,
} from '@internal/plugin-provisioning-workflows-node';
import { createPluginContext, taskSchedule } from './service/context';
import { createRouter, SyncTriggers } from './service/router';

const INVENTORY_TASK = 'provisioning-workflows:inventory-sync';
const ACTIVITY_TASK = 'provisioning-workflows:activity-ingest';

/**
 * Provisioning workflows backend: the app inventory and SSO activity synced
 * from Okta, and the workflows that reclaim or downgrade unused licenses.
 *
 * @public
 */
export const provisioningWorkflowsPlugin = createBackendPlugin({
  pluginId: 'provisioning-workflows',
  register(env) {
    let executor: LicenseActionExecutor | undefined;
    env.registerExtensionPoint(provisioningWorkflowsActionsExtensionPoint, {
      setExecutor(newExecutor) {
        if (executor) {
          throw new Error(
            `The license action executor is already set to '${executor.id}'`,
          );
        }
        executor = newExecutor;
      },
    });

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, httpRouter, logger, scheduler } = deps;
        const context = await createPluginContext({ ...deps, executor });
        const { sync, engine, services, drain } = context;

        let triggers: SyncTriggers | undefined;
        if (sync) {
          await scheduler.scheduleTask({
            id: INVENTORY_TASK,
            scope: 'global',
            ...taskSchedule(config, 'inventorySync', {
              frequency: { minutes: 30 },
              timeout: { minutes: 30 },
              initialDelay: { seconds: 10 },
            }),
            fn: async () => {
              await sync.inventory.run();
            },
          });
          await scheduler.scheduleTask({
            id: ACTIVITY_TASK,
            scope: 'global',
            ...taskSchedule(config, 'activityIngest', {
              frequency: { minutes: 5 },
              timeout: { minutes: 60 },
              initialDelay: { seconds: 30 },
            }),
            fn: async () => {
              await sync.activity.run();
            },
          });
          triggers = {
            inventory: () => scheduler.triggerTask(INVENTORY_TASK),
            activity: () => scheduler.triggerTask(ACTIVITY_TASK),
          };
        } else {
          logger.warn(
            'connectors.okta is not configured: no inventory sync or activity ingest',
          );
        }

        // Workflow runs are carried out by durable jobs that every replica
        // drains; a global tick starts scheduled runs.
        deps.lifecycle.addShutdownHook(() => drain.idle());
        await scheduler.scheduleTask({
          id: 'provisioning-workflows:jobs',
          scope: 'local',
          frequency: { seconds: 5 },
          timeout: { minutes: 5 },
          fn: async () => {
            drain.kick();
            await drain.idle();
          },
        });
        await scheduler.scheduleTask({
          id: 'provisioning-workflows:workflow-tick',
          scope: 'global',
          ...taskSchedule(config, 'workflowTick', {
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
          }),
          fn: async () => {
            await engine.tick();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            runs: context.stores.runs,
            inventory: services.inventory,
            triggers,
            workflows: services.workflows,
            workflowRuns: services.runs,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Provisioning workflows started', {
          licenseActionExecutor: executor?.id ?? 'none',
        });
      },
    });
  },
});
