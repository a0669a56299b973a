import { Content } from '@backstage/core-components';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AppsIcon from '@material-ui/icons/Apps';
import { ProductivHomeClient, productivHomeApiRef } from './api';
import { rootRouteRef } from './routes';

const productivHomeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: productivHomeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ProductivHomeClient(deps),
    }),
});

const legacyRoutes = convertLegacyRouteRefs({ root: rootRouteRef });

const productivHomePage = PageBlueprint.make({
  params: {
    path: '/productiv-home',
    title: 'Productiv Home',
    icon: <AppsIcon />,
    routeRef: legacyRoutes.root,
    loader: () =>
      import('./components/ProductivHomePage').then(m => (
        <Content>
          <m.ProductivHomeContent />
        </Content>
      )),
  },
});

// On catalog User pages: what the person holds and is waiting for.
const entityAccessCard = EntityCardBlueprint.make({
  name: 'access',
  params: {
    filter: 'kind:user',
    loader: () =>
      import('./components/EntityAccessCard').then(m => <m.EntityAccessCard />),
  },
});

/**
 * Productiv Home for apps on the new frontend system: the page (with its
 * sidebar entry), the Access card of catalog User pages and the API
 * client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'productiv-home',
  title: 'Productiv Home',
  icon: <AppsIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [productivHomeApi, productivHomePage, entityAccessCard],
  routes: legacyRoutes,
});
