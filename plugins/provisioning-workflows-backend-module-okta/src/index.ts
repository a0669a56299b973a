/**
 * Provisioning workflows' license changes in Okta.
 *
 * @packageDocumentation
 */

export { provisioningWorkflowsModuleOkta as default } from './module';
export { OktaLicenseExecutor } from './OktaLicenseExecutor';
