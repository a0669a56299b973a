/**
 * Productiv Home fulfillment through Okta.
 *
 * @packageDocumentation
 */

export { productivHomeModuleOkta as default } from './module';
export { OktaFulfillmentProvider } from './OktaFulfillmentProvider';
export type { OktaFulfillmentProviderOptions } from './OktaFulfillmentProvider';
