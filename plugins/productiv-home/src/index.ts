/**
 * Productiv Home: the employee-facing app catalog and requests.
 *
 * The legacy frontend system plugin is exported here; the new frontend
 * system plugin is the default export of `@internal/plugin-productiv-home/alpha`.
 *
 * @packageDocumentation
 */

export { productivHomePlugin, ProductivHomePage } from './plugin';
export * from './api';
