import { Content } from '@backstage/core-components';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import SettingsBackupRestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import { provisioningWorkflowsApiFactory } from './api/provisioningWorkflowsApiFactory';
import { pluginRouteRefs } from './routes';

const api = ApiBlueprint.make({
  params: defineParams => defineParams(provisioningWorkflowsApiFactory),
});

// Shared with the legacy plugin, so that links work in both systems.
const routes = convertLegacyRouteRefs(pluginRouteRefs);

const page = PageBlueprint.make({
  params: {
    path: '/license-automation',
    title: 'License automation',
    icon: <SettingsBackupRestoreIcon />,
    routeRef: routes.root,
    loader: () =>
      import('./components/AutomationPage/AutomationPage').then(m => (
        <Content>
          <m.LicenseAutomationContent />
        </Content>
      )),
  },
});

/**
 * License automation for the new frontend system: the admin page (app
 * instances, workflows, inventory), an instance's workflow and the
 * employee's license warnings, with the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'provisioning-workflows',
  title: 'License automation',
  icon: <SettingsBackupRestoreIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [api, page],
  routes,
});
