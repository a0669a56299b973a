import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ProductivHomeClient, productivHomeApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * Productiv Home for apps on the legacy frontend system.
 *
 * @public
 */
export const productivHomePlugin = createPlugin({
  id: 'productiv-home',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: productivHomeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ProductivHomeClient(deps),
    }),
  ],
});

/**
 * The Productiv Home page, to mount with
 * `<Route path="/productiv-home" element={<ProductivHomePage />} />`.
 *
 * @public
 */
export const ProductivHomePage = productivHomePlugin.provide(
  createRoutableExtension({
    name: 'ProductivHomePage',
    component: () =>
      import('./components/ProductivHomePage').then(m => m.ProductivHomePage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Access card of catalog User pages: what the person holds and their
 * open requests. Only the person, their manager and the Productiv admins
 * see it; for anyone else it renders nothing. Place it in the entity page
 * of users: `<EntityAccessCard />` inside `<EntityLayout.Route path="/">`.
 *
 * @public
 */
export const EntityAccessCard = productivHomePlugin.provide(
  createComponentExtension({
    name: 'EntityAccessCard',
    component: {
      lazy: () =>
        import('./components/EntityAccessCard').then(m => m.EntityAccessCard),
    },
  }),
);
