import { Content } from '@backstage/core-components';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
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

// On catalog Group pages: the apps the team's members hold.
const teamAppsCard = EntityCardBlueprint.make({
  name: 'team-apps',
  params: {
    filter: 'kind:group',
    loader: () =>
      import('./components/EntityTeamAppsCard/EntityTeamAppsCard').then(m => (
        <m.EntityTeamAppsCard />
      )),
  },
});

/**
 * License automation for the new frontend system: the admin page (app
 * instances, workflows, inventory), an instance's workflow and the
 * employee's license warnings, the team card of catalog Group pages, with
 * the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'provisioning-workflows',
  title: 'License automation',
  icon: <SettingsBackupRestoreIcon />,
  info: { packageJson: () => import('../package.json') },
  extensions: [api, page, teamAppsCard],
  routes,
});
