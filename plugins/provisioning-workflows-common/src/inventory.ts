/**
 * A license tier of an app instance: a name, the Okta group that grants it,
 * and an optional monthly price.
 *
 * @public
 */
export type LicenseTier = {
  tier: string;
  groupId?: string;
  groupName?: string;
  monthlyPrice?: number;
  /** `admin` when configured by an admin, `suggested` when derived from the app's group assignments. */
  source: 'admin' | 'suggested';
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
