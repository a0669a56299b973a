import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { provisioningWorkflowsApiFactory } from './api/provisioningWorkflowsApiFactory';
import { pluginRouteRefs, rootRouteRef } from './routes';

/**
 * License automation (provisioning workflows) for apps on the legacy
 * frontend system.
 *
 * @public
 */
export const provisioningWorkflowsPlugin = createPlugin({
  id: 'provisioning-workflows',
  routes: pluginRouteRefs,
  apis: [provisioningWorkflowsApiFactory],
});

/**
 * The license automation page and its sub-pages (an instance's workflow,
 * the employee's warnings), to mount with
 * `<Route path="/license-automation" element={<LicenseAutomationPage />} />`.
 *
 * @public
 */
export const LicenseAutomationPage = provisioningWorkflowsPlugin.provide(
  createRoutableExtension({
    name: 'LicenseAutomationPage',
    component: () =>
      import('./components/AutomationPage/AutomationPage').then(
        m => m.LicenseAutomationPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The card of catalog Group pages: the apps the team's direct members hold,
 * per tier, with seats and active users. Renders nothing for callers who
 * may not see it. Place it in the entity page of groups:
 * `<EntityTeamAppsCard />` inside `<EntityLayout.Route path="/">`.
 *
 * @public
 */
export const EntityTeamAppsCard = provisioningWorkflowsPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamAppsCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamAppsCard/EntityTeamAppsCard').then(
          m => m.EntityTeamAppsCard,
        ),
    },
  }),
);
