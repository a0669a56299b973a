/**
 * Productiv Home fulfillment by Jira Service Management request.
 *
 * @packageDocumentation
 */

export { productivHomeModuleJiraServiceManagement as default } from './module';
export { JsmTicketProvider } from './JsmTicketProvider';
