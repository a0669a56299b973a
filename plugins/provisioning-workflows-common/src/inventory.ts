/**
 * A license tier of an app instance: its key, the name people see, the Okta
 * group that grants it, its price and how many people hold it. The tiers of
 * an instance are ordered lowest first (`rank` 0).
 *
 * @public
 */
export type LicenseTier = {
  /** The key rules and requests use (`viewer`); not shown to people. */
  tier: string;
  /** The name people see ("Viewer"): set by an admin, else suggested from the group. */
  displayName: string;
  description?: string;
  groupId?: string;
  groupName?: string;
  /** Price of one seat per month; unknown when absent (never read it as 0). */
  monthlyPrice?: number;
  /** Licensed seats of the tier, when an admin set them. */
  seats?: number;
  /** Position of the tier, 0 for the lowest. */
  rank: number;
  /** Current assignments holding the tier (through its group). */
  holders: number;
  /** `admin` when configured by an admin, `suggested` when derived from the app's group assignments. */
  source: 'admin' | 'suggested';
};

/**
 * A tier as an admin sets it (`PUT /instances/{instanceId}/tiers`), in a list
 * ordered lowest first.
 *
 * @public
 */
export type LicenseTierInput = {
  tier: string;
  displayName?: string;
  description?: string;
  groupId?: string;
  monthlyPrice?: number;
  seats?: number;
};

/**
 * One Okta app. Several instances can belong to one product (two Salesforce orgs).
 *
 * @public
 */
export type AppInstance = {
  id: string;
  appKey: string;
  label: string;
  /** `REMOVED` when the app is gone from Okta; its history is kept. */
  status: 'ACTIVE' | 'INACTIVE' | 'REMOVED';
  signOnMode?: string;
  /** Okta groups assigned to the instance, by priority. */
  groups: Array<{ id: string; name: string; priority: number }>;
  tiers: LicenseTier[];
  assignedUsers: number;
};

/**
 * A product with its instances.
 *
 * @public
 */
export type App = {
  key: string;
  name: string;
  instances: AppInstance[];
};

/**
 * A person assigned to an instance, with their tier and activity.
 *
 * @public
 */
export type InstanceAssignment = {
  oktaUserId: string;
  email?: string;
  entityRef?: string;
  displayName?: string;
  scope: 'USER' | 'GROUP';
  groupId?: string;
  /** The tier whose group grants the assignment, if any. */
  tier?: string;
  lastSignIn?: string;
  signIns30d: number;
  signIns90d: number;
};

/**
 * A license a person holds now, from the inventory: the app instance, the
 * tier whose group assigns it (if any), since when, and the last sign-in.
 *
 * @public
 */
export type PersonHolding = {
  instanceId: string;
  appKey: string;
  appName: string;
  instanceLabel: string;
  tier?: string;
  tierDisplayName?: string;
  groupId?: string;
  assignedAt: string;
  lastSignIn?: string;
};

/**
 * How many peers use an app.
 *
 * @public
 */
export type PeerAppCount = {
  appKey: string;
  appName: string;
  /** Distinct peers with at least one sign-in in the last 30 days. */
  users: number;
};

/**
 * Apps used by a person's teams and by people in similar roles.
 *
 * @public
 */
export type PeerUsage = {
  entityRef: string;
  teams: string[];
  title?: string;
  department?: string;
  byTeam: PeerAppCount[];
  byTitle: PeerAppCount[];
  byDepartment: PeerAppCount[];
};

/**
 * People found on one side only.
 *
 * @public
 */
export type UnmatchedPeople = {
  catalogOnly: Array<{ entityRef: string; email: string }>;
  oktaOnly: Array<{ oktaUserId: string; email: string; status?: string }>;
};
