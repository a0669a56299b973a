import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  ProvisioningWorkflowsClient,
  provisioningWorkflowsApiRef,
} from './api/ProvisioningWorkflowsApi';
import {
  instanceRouteRef,
  rootRouteRef,
  warningRouteRef,
  warningsRouteRef,
} from './routes';

/**
 * License automation (provisioning workflows) for apps on the legacy
 * frontend system.
 *
 * @public
 */
export const provisioningWorkflowsPlugin = createPlugin({
  id: 'provisioning-workflows',
  routes: {
    root: rootRouteRef,
    instance: instanceRouteRef,
    warnings: warningsRouteRef,
    warning: warningRouteRef,
  },
  apis: [
    createApiFactory({
      api: provisioningWorkflowsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ProvisioningWorkflowsClient(deps),
    }),
  ],
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
