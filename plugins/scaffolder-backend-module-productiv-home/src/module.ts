import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ProductivHomeBackendClient } from '@internal/plugin-productiv-home-node';
import { createRequestAppAction } from './actions/requestApp';

/**
 * Adds `productiv-home:request-app` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleProductivHome = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'productiv-home',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        scaffolder.addActions(
          createRequestAppAction({
            client: new ProductivHomeBackendClient({ auth, discovery }),
          }),
        );
      },
    });
  },
});
