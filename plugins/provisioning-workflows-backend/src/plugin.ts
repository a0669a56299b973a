import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { provisioningWorkflowsPermissions } from '@internal/plugin-provisioning-workflows-common';
import {
  LicenseActionExecutor,
  provisioningWorkflowsActionsExtensionPoint,
} from '@internal/plugin-provisioning-workflows-node';
import { initializePersistence } from './database/persistence';
import { OktaGateway } from './okta/OktaGateway';
import { createRouter, SyncTriggers } from './service/router';
import { ActivityIngest } from './services/ActivityIngest';
import { InventoryService } from './services/InventoryService';
import { InventorySync, OktaMatchField } from './services/InventorySync';

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
        catalog: catalogServiceRef,
      },
      async init({
        auditor,
        auth,
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
      }) {
        permissionsRegistry.addPermissions(provisioningWorkflowsPermissions);
        const { runs, inventory, activity } = await initializePersistence(
          database,
        );
        const inventoryService = new InventoryService({
          inventory,
          permissions,
        });

        const pluginConfig = config.getOptionalConfig('provisioningWorkflows');
        const schedule = (
          key: string,
          fallback: SchedulerServiceTaskScheduleDefinition,
        ) => {
          const c = pluginConfig?.getOptionalConfig(`schedules.${key}`);
          return c
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(c)
            : fallback;
        };
        const okta = OktaGateway.fromConfig(config);
        let triggers: SyncTriggers | undefined;
        if (okta) {
          const sync = new InventorySync({
            okta,
            inventory,
            runs,
            catalog,
            auth,
            logger,
            matchField: (pluginConfig?.getOptionalString(
              'people.oktaMatchField',
            ) ?? 'email') as OktaMatchField,
          });
          const ingest = new ActivityIngest({
            okta,
            activity,
            runs,
            logger,
            settings: {
              backfillDays:
                pluginConfig?.getOptionalNumber('activity.backfillDays') ?? 90,
            },
          });
          await scheduler.scheduleTask({
            id: INVENTORY_TASK,
            scope: 'global',
            ...schedule('inventorySync', {
              frequency: { minutes: 30 },
              timeout: { minutes: 30 },
              initialDelay: { seconds: 10 },
            }),
            fn: async () => {
              await sync.run();
            },
          });
          await scheduler.scheduleTask({
            id: ACTIVITY_TASK,
            scope: 'global',
            ...schedule('activityIngest', {
              frequency: { minutes: 5 },
              timeout: { minutes: 60 },
              initialDelay: { seconds: 30 },
            }),
            fn: async () => {
              await ingest.run();
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

        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            runs,
            inventory: inventoryService,
            triggers,
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
