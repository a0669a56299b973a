import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { productivHomeFulfillmentExtensionPoint } from '@internal/plugin-productiv-home-node';
import { OktaFulfillmentProvider } from './OktaFulfillmentProvider';

/**
 * Adds Okta fulfillment to Productiv Home, from `connectors.okta`.
 *
 * @public
 */
export const productivHomeModuleOkta = createBackendModule({
  pluginId: 'productiv-home',
  moduleId: 'okta',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        fulfillment: productivHomeFulfillmentExtensionPoint,
      },
      async init({ config, logger, fulfillment }) {
        const provider = OktaFulfillmentProvider.fromConfig(config);
        if (!provider) {
          logger.info(
            'connectors.okta is not configured; Okta fulfillment is off',
          );
          return;
        }
        fulfillment.addProvider(provider);
      },
    });
  },
});
