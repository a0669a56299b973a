import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  productivOktaCatalogExtensionPoint,
  ProductivOktaCatalogExtensions,
} from './extensions';
import { ProductivOktaEntityProvider } from './ProductivOktaEntityProvider';

/**
 * Users and groups of the catalog from Okta (`catalog.providers.productivOkta`,
 * the org of `connectors.okta`); inert when not configured.
 *
 * @public
 */
export const catalogModuleProductivOkta = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'productiv-okta',
  register(env) {
    const extensions = new ProductivOktaCatalogExtensions();
    env.registerExtensionPoint(productivOktaCatalogExtensionPoint, extensions);
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, scheduler, catalog }) {
        const provider = ProductivOktaEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          transformers: extensions.transformers,
        });
        if (!provider) {
          logger.info(
            'catalog.providers.productivOkta is not configured; users and groups do not come from Okta',
          );
          return;
        }
        catalog.addEntityProvider(provider);
      },
    });
  },
});
