/**
 * The roles a person can hold in Productiv Home. Everybody is an employee;
 * people with direct reports approve their requests; members of the
 * configured admin groups are super admins.
 *
 * @public
 */
export type ProductivHomeRole = 'employee' | 'approver' | 'admin';

/**
 * The signed-in person as Productiv Home sees them (`GET /me`).
 *
 * @public
 */
export type ProductivHomeProfile = {
  userEntityRef: string;
  displayName: string;
  email?: string;
  jobTitle?: string;
  department?: string;
  /** Entity ref of the manager, when the catalog has one. */
  managerRef?: string;
  /** Entity refs of the groups the user is a direct member of. */
  teams: string[];
  /** Entity refs of the people who report to the user. */
  directReports: string[];
  roles: ProductivHomeRole[];
};

/**
 * An inventory app that can be added to Productiv Home, as
 * `GET /catalog/candidates` lists it.
 *
 * @public
 */
export type CatalogCandidate = {
  appKey: string;
  name: string;
  instances: string[];
  suggestedTiers: string[];
  /** Whether tiers map to Okta groups, so access can be granted automatically. */
  automatic: boolean;
};

/**
 * An app instance of the inventory that a Home app can be linked to, with
 * the Okta groups assigned to it (`GET /inventory/instances`).
 *
 * @public
 */
export type InventoryInstanceOption = {
  /** The Okta app's id. */
  id: string;
  label: string;
  /** The inventory app (product) it belongs to. */
  appKey: string;
  appName: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Groups assigned to the instance, with the inventory tier each grants, if any. */
  groups: Array<{ id: string; name: string; tier?: string }>;
};

/**
 * An installed connector, as the settings page lists it.
 *
 * @public
 */
export type ConnectorInfo = {
  id: string;
  /** What Productiv Home uses it for. */
  role: 'okta-fulfillment' | 'ticketing' | 'approvals';
  /** Ticketing: the one active system; approvals: the settings' method. */
  active: boolean;
  testable: boolean;
};

/**
 * The outcome of a connector's live test.
 *
 * @public
 */
export type ConnectorTestResult = {
  id: string;
  ok: boolean;
  detail: string;
  durationMs: number;
};
