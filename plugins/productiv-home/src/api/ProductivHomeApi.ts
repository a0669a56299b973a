import { createApiRef } from '@backstage/core-plugin-api';
import {
  AccessRequest,
  CatalogApp,
  HomeApp,
  ProductivHomeProfile,
} from '@internal/plugin-productiv-home-common';

/**
 * Client of the Productiv Home backend.
 *
 * @public
 */
export interface ProductivHomeApi {
  /** The signed-in person with their Productiv Home roles. */
  getProfile(): Promise<ProductivHomeProfile>;
  /** Apps offered in Productiv Home. */
  listApps(): Promise<HomeApp[]>;
  /** Apps offered, with how many of the caller's peers use them. */
  listCatalog(): Promise<CatalogApp[]>;
  submitRequest(input: {
    appKey: string;
    tier: string;
    justification?: string;
  }): Promise<AccessRequest>;
  listMyRequests(): Promise<AccessRequest[]>;
  /** Requests waiting for my decision. */
  listApprovals(): Promise<AccessRequest[]>;
  decide(
    requestId: string,
    input: { decision: 'approved' | 'denied'; comment?: string },
  ): Promise<AccessRequest>;
  cancel(requestId: string): Promise<AccessRequest>;
}

/**
 * @public
 */
export const productivHomeApiRef = createApiRef<ProductivHomeApi>({
  id: 'plugin.productiv-home.service',
});
