/**
 * Productiv Home approvals in Slack.
 *
 * @packageDocumentation
 */

export { productivHomeModuleSlack as default } from './module';
