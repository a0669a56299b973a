import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  addProviderFromConfig,
  productivHomeFulfillmentExtensionPoint,
} from '@internal/plugin-productiv-home-node';
import { ZendeskTicketProvider } from './ZendeskTicketProvider';

/**
 * Zendesk tickets for Productiv Home, from `connectors.zendesk`.
 *
 * @public
 */
export const productivHomeModuleZendesk = createBackendModule({
  pluginId: 'productiv-home',
  moduleId: 'zendesk',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        fulfillment: productivHomeFulfillmentExtensionPoint,
      },
      async init(deps) {
        await addProviderFromConfig(deps, {
          fromConfig: ZendeskTicketProvider.fromConfig,
          notConfigured:
            'connectors.zendesk is not configured; Zendesk tickets are off',
        });
      },
    });
  },
});
