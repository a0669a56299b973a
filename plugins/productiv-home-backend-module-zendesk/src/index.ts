/**
 * Productiv Home fulfillment by Zendesk ticket.
 *
 * @packageDocumentation
 */

export { productivHomeModuleZendesk as default } from './module';
export { ZendeskTicketProvider } from './ZendeskTicketProvider';
