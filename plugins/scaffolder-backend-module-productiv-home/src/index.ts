/**
 * The scaffolder action `productiv-home:request-app`: request an app of
 * Productiv Home from a software template, for the person running it.
 *
 * @packageDocumentation
 */

export { scaffolderModuleProductivHome as default } from './module';
export { createRequestAppAction } from './actions/requestApp';
