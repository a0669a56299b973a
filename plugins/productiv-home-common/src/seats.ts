/**
 * A holder of the requested tier who did not sign in to the app in the
 * last 30 days: whose seat an admin could reclaim to make room.
 *
 * @public
 */
export type IdleSeatHolder = {
  /** The catalog user, when the inventory matched one. */
  entityRef?: string;
  /** Okta's name, for holders the catalog does not have. */
  displayName?: string;
  email?: string;
  /** Absent: never signed in. */
  lastSignIn?: string;
};

/**
 * The seats of the tier a request asks for (`GET /requests/{id}/seats`),
 * for its approvers: free seats when the tier has a seat count, and for
 * Productiv admins the idle holders.
 *
 * @public
 */
export type RequestSeats = {
  requestId: string;
  tier: string;
  tierName: string;
  /** Seats bought; absent when the tier has no seat count. */
  seats?: number;
  /** People holding the tier now, when the inventory knows the tier. */
  holders?: number;
  /** seats − holders, never below 0; absent without a seat count. */
  freeSeats?: number;
  /**
   * Holders with no sign-in in the last 30 days, longest idle first (at
   * most 20). Only for holders of productiv-home.settings.manage; absent
   * for everyone else.
   */
  idleHolders?: IdleSeatHolder[];
  /** Idle holders in all, when more than the list shows. */
  idleHolderCount?: number;
};
