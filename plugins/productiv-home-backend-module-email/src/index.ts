/**
 * Productiv Home by e-mail: approvals with single-use links, and tickets to IT.
 *
 * @packageDocumentation
 */

export { productivHomeModuleEmail as default } from './module';
