import {
  createApiFactory,
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
