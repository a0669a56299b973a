/**
 * Productiv Home: the employee-facing app catalog and requests.
 *
 * The legacy frontend system plugin is exported here; the new frontend
 * system plugin is the default export of this package's `/alpha` entry point.
 *
 * @packageDocumentation
 */

export {
  productivHomePlugin,
  ProductivHomePage,
  EntityAccessCard,
} from './plugin';
export * from './api';
