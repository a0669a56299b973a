/**
 * Provisioning workflows frontend: license automation for app admins, and
 * the "keep my license" page for employees.
 *
 * The legacy frontend system plugin is exported here; the new frontend
 * system plugin is the default export of this package's `/alpha` entry
 * point.
 *
 * @packageDocumentation
 */

export {
  provisioningWorkflowsPlugin,
  LicenseAutomationPage,
  EntityTeamAppsCard,
} from './plugin';
export * from './api/ProvisioningWorkflowsApi';
export { LicenseAutomationAccess } from './components/AutomationPage/LicenseAutomationAccess';
export {
  rootRouteRef as provisioningWorkflowsRootRouteRef,
  instanceRouteRef as provisioningWorkflowsInstanceRouteRef,
  warningRouteRef as provisioningWorkflowsWarningRouteRef,
} from './routes';
