/**
 * A license tier as employees see it in the catalog: its name, what it
 * gives, its price, and its place in the app's order (lowest first).
 *
 * @public
 */
export type CatalogTier = {
  /** The tier's key, as requests name it. */
  tier: string;
  displayName: string;
  description?: string;
  /** Monthly price per seat, when the admins set one. */
  monthlyPrice?: number;
  /** Licensed seats, when the admins set a count. */
  seats?: number;
  /** People holding the tier now. */
  holders?: number;
};

/**
 * The requestable tiers of one Home app, lowest first
 * (`GET /catalog/tiers`).
 *
 * @public
 */
export type CatalogAppTiers = {
  appKey: string;
  tiers: CatalogTier[];
};

/**
 * An app the person holds now, from the inventory (Okta), by name
 * (`GET /me/access`).
 *
 * @public
 */
export type HeldAccess = {
  /** The Home app, when the app is offered in Productiv Home. */
  appKey?: string;
  appName: string;
  /** The inventory app instance (the Okta app). */
  instanceId: string;
  /** The tier's key, when the assignment grants a known tier. */
  tier?: string;
  tierName?: string;
  /** Since when the person has it. */
  since: string;
  lastSignIn?: string;
  /** When time-bound access ends (the grant's expiry); absent when permanent. */
  expiresAt?: string;
  /** The request that granted it, when it is time-bound (to extend it). */
  grantId?: string;
};

/**
 * Who would approve the caller's request for an app, before they send it
 * (`GET /catalog/{appKey}/approvers`).
 *
 * @public
 */
export type ApproverPreview = {
  needsApproval: boolean;
  /** Level by level, the people asked (entity refs); empty when none. */
  levels: Array<{ level: number; approvers: string[]; viaFallback: boolean }>;
};
