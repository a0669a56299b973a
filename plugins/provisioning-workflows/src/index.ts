/**
 * Provisioning workflows admin frontend: license automation for app admins.
 * The plugin for the new frontend system is the default export of `/alpha`.
 *
 * @packageDocumentation
 */

export * from './api/ProvisioningWorkflowsApi';
