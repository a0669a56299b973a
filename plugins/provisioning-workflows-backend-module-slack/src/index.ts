/**
 * License warnings of provisioning workflows in Slack.
 *
 * @packageDocumentation
 */

export { provisioningWorkflowsModuleSlack as default } from './module';
export { SlackWarningChannel } from './SlackWarningChannel';
export { KEEP_ACTION } from './warningMessages';
