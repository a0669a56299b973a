import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_PEOPLE_ANNOTATIONS,
  productivHomePermissions,
} from '@internal/plugin-productiv-home-common';
import {
  FulfillmentProvider,
  productivHomeFulfillmentExtensionPoint,
} from '@internal/plugin-productiv-home-node';
import { DatabaseSettingsStore } from './database/SettingsStore';
import { createRouter } from './service/router';
import { ProfileService } from './services/ProfileService';

/**
 * Productiv Home backend: the curated app catalog, requests, approvals and
 * their fulfillment.
 *
 * @public
 */
export const productivHomePlugin = createBackendPlugin({
  pluginId: 'productiv-home',
  register(env) {
    const fulfillmentProviders = new Map<string, FulfillmentProvider>();
    env.registerExtensionPoint(productivHomeFulfillmentExtensionPoint, {
      addProvider(...providers) {
        for (const provider of providers.flat()) {
          if (fulfillmentProviders.has(provider.id)) {
            throw new Error(
              `Fulfillment provider '${provider.id}' is already registered`,
            );
          }
          fulfillmentProviders.set(provider.id, provider);
        }
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(productivHomePermissions);
        await DatabaseSettingsStore.create({ database });

        const homeConfig = config.getOptionalConfig('productivHome');
        const profiles = new ProfileService({
          catalog,
          adminGroups: homeConfig?.getOptionalStringArray('adminGroups') ?? [],
          annotations: {
            ...DEFAULT_PEOPLE_ANNOTATIONS,
            ...homeConfig?.getOptional<Record<string, string>>(
              'people.annotations',
            ),
          },
        });

        httpRouter.use(await createRouter({ httpAuth, profiles }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Productiv Home started', {
          fulfillmentProviders: [...fulfillmentProviders.keys()].join(','),
        });
      },
    });
  },
});
