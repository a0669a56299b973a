import { createApiRef } from '@backstage/core-plugin-api';
import {
  AccessRequest,
  ApproverPreview,
  CatalogApp,
  CatalogCandidate,
  ConnectorInfo,
  ConnectorTestResult,
  HeldAccess,
  PersonAccess,
  RequestSeats,
  HomeApp,
  HomeSettings,
  InventoryInstanceOption,
  ProductivHomeProfile,
} from '@internal/plugin-productiv-home-common';

// The wire types live in -common; re-exported for the client's users.
export type {
  CatalogCandidate,
  ConnectorInfo,
  ConnectorTestResult,
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
  /** Who the caller's request for an app would go to, level by level. */
  previewApprovers(appKey: string): Promise<ApproverPreview>;
  /** What the caller holds now in Okta, by app and tier. */
  listMyAccess(): Promise<HeldAccess[]>;
  /**
   * A person's holdings and open requests, for the Access card of their
   * catalog page (themself, their manager and admins; others get 403).
   */
  getPersonAccess(userRef: string): Promise<PersonAccess>;
  /**
   * The seats of the tier a request asks for, for its approvers: free seats,
   * and for Productiv admins the idle holders (`GET /requests/{id}/seats`).
   */
  getRequestSeats?(requestId: string): Promise<RequestSeats>;
  submitRequest(input: {
    appKey: string;
    tier: string;
    justification?: string;
    /** Days of access within the app's maximum; its default (or permanent) when absent. */
    accessDays?: number;
  }): Promise<AccessRequest>;
  /**
   * Ask to keep time-bound access longer: `accessDays` more, for the grant
   * made by request `grantId`; follows the app's approval policy.
   */
  extendAccess(
    grantId: string,
    input: { accessDays: number; justification?: string },
  ): Promise<AccessRequest>;
  /** Ask for an app that is not in the catalog. */
  submitIntake(input: {
    name: string;
    url?: string;
    reason: string;
  }): Promise<AccessRequest>;
  /**
   * Give back the license the caller holds of an app (the tier they hold
   * now): no approval, straight to fulfillment.
   */
  giveBack(input: {
    appKey: string;
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
  /** Admins: inventory apps not offered yet. */
  listCandidates(): Promise<CatalogCandidate[]>;
  /** Admins and app owners: the inventory's Okta apps and groups, to link an app to. */
  listInventoryInstances(): Promise<InventoryInstanceOption[]>;
  /** Admins and app owners: add or change an app. */
  putApp(app: HomeApp): Promise<HomeApp>;
  removeApp(appKey: string): Promise<void>;
  getSettings(): Promise<HomeSettings>;
  putSettings(settings: HomeSettings): Promise<HomeSettings>;
  /** Requests the caller may see (admins: all), newest first. */
  listAllRequests(filter?: {
    status?: AccessRequest['status'][];
  }): Promise<AccessRequest[]>;
  /** Admins and app owners: send a failed request to fulfillment again. */
  retryRequest(requestId: string): Promise<AccessRequest>;
  /** Super admins: installed connectors and which are active. */
  listConnectors(): Promise<ConnectorInfo[]>;
  /** Super admins: a live call through one connector. */
  testConnector(id: string): Promise<ConnectorTestResult>;
}

/**
 * @public
 */
export const productivHomeApiRef = createApiRef<ProductivHomeApi>({
  id: 'plugin.productiv-home.service',
});
