import { createApiRef } from '@backstage/core-plugin-api';
import { ProductivHomeProfile } from '@internal/plugin-productiv-home-common';

/**
 * Client of the Productiv Home backend.
 *
 * @public
 */
export interface ProductivHomeApi {
  /** The signed-in person with their Productiv Home roles. */
  getProfile(): Promise<ProductivHomeProfile>;
}

/**
 * @public
 */
export const productivHomeApiRef = createApiRef<ProductivHomeApi>({
  id: 'plugin.productiv-home.service',
});
