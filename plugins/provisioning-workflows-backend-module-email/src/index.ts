/**
 * License warnings of provisioning workflows by e-mail.
 *
 * @packageDocumentation
 */

export { provisioningWorkflowsModuleEmail as default } from './module';
export { KeepLinkStore } from './KeepLinkStore';
