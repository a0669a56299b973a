import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { provisioningWorkflowsActionsExtensionPoint } from '@internal/plugin-provisioning-workflows-node';
import { OktaLicenseExecutor } from './OktaLicenseExecutor';

/**
 * Carries out provisioning workflows' license changes in Okta, from
 * `connectors.okta`.
 *
 * @public
 */
export const provisioningWorkflowsModuleOkta = createBackendModule({
  pluginId: 'provisioning-workflows',
  moduleId: 'okta',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        actions: provisioningWorkflowsActionsExtensionPoint,
      },
      async init({ config, logger, actions }) {
        const executor = OktaLicenseExecutor.fromConfig(config);
        if (!executor) {
          logger.info(
            'connectors.okta is not configured; Okta license changes are off',
          );
          return;
        }
        actions.setExecutor(executor);
      },
    });
  },
});
