import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { provisioningWorkflowsPermissions } from '@internal/plugin-provisioning-workflows-common';
import {
  LicenseActionExecutor,
  provisioningWorkflowsActionsExtensionPoint,
} from '@internal/plugin-provisioning-workflows-node';
import { DatabaseRunStore } from './database/RunStore';
import { createRouter } from './service/router';

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
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(provisioningWorkflowsPermissions);
        const runs = await DatabaseRunStore.create({ database });
        httpRouter.use(await createRouter({ httpAuth, permissions, runs }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Provisioning workflows started', {
          licenseActionExecutor: executor?.id ?? 'none',
        });
      },
    });
  },
});
