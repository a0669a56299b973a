import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import SettingsBackupRestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import {
  ProvisioningWorkflowsClient,
  provisioningWorkflowsApiRef,
} from './api/ProvisioningWorkflowsApi';

const rootRouteRef = createRouteRef();

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: provisioningWorkflowsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ProvisioningWorkflowsClient(deps),
    }),
});

const page = PageBlueprint.make({
  params: {
    path: '/license-automation',
    title: 'License automation',
    icon: <SettingsBackupRestoreIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/AutomationPage/AutomationPage').then(m => (
        <Content>
          <m.AutomationContent />
        </Content>
      )),
  },
});

/**
 * The admin automation page (provisioning workflows) for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'provisioning-workflows',
  title: 'License automation',
  icon: <SettingsBackupRestoreIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [api, page],
  routes: { root: rootRouteRef },
});
