import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { productivHomeFulfillmentExtensionPoint } from '@internal/plugin-productiv-home-node';
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
      async init({ config, logger, database, fulfillment }) {
        const provider = await ZendeskTicketProvider.fromConfig(
          config,
          await database.getClient(),
          { skipMigrations: database.migrations?.skip },
        );
        if (!provider) {
          logger.info(
            'connectors.zendesk is not configured; Zendesk tickets are off',
          );
          return;
        }
        fulfillment.addProvider(provider);
      },
    });
  },
});
