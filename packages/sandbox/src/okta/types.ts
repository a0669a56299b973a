import { stableId } from '../state/ids';
import { LogActor } from './directoryEvents';

/* The objects of the sandbox's Okta org, as the directory keeps them. */

export type OktaUserStatus =
  | 'ACTIVE'
  | 'PROVISIONED'
  | 'DEPROVISIONED'
  | 'SUSPENDED'
  | 'STAGED';

export type OktaUser = {
  id: string;
  status: OktaUserStatus;
  /** When the account was created. */
  created: string;
  /** When it was activated; null while it never was (STAGED). */
  activated: string | null;
  /** When its status last changed; null while STAGED. */
  statusChanged: string | null;
  lastUpdated: string;
  profile: {
    login: string;
    email: string;
    firstName: string;
    lastName: string;
    displayName: string;
    title?: string;
    department?: string;
    /** The organization's own id of the person (e.g. from the HR system). */
    employeeNumber?: string;
    /** The display name of the person's manager. */
    manager?: string;
    /** The id of the person's manager: their Okta id in the seeded org. */
    managerId?: string;
  };
};

export type OktaGroup = {
  id: string;
  type: 'OKTA_GROUP' | 'BUILT_IN';
  created: string;
  profile: { name: string; description: string };
};

export type OktaApp = {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: string;
  created: string;
  /**
   * Okta's provisioning features enabled for the app (`PUSH_NEW_USERS`,
   * `PUSH_USER_DEACTIVATION`, ...); none when Okta only signs people in.
   */
  features?: string[];
};

/**
 * One membership or assignment call the Okta API accepted. Okta answers the
 * same whether or not the call changed anything, so `changed` tells a grant
 * from a repeated one: what tests count to prove "granted exactly once".
 */
export type OktaWrite = {
  at: string;
  kind:
    | 'group.user.add'
    | 'group.user.remove'
    | 'app.user.assign'
    | 'app.user.unassign';
  /** The group (for `group.*`) or app (for `app.*`). */
  targetId: string;
  userId: string;
  changed: boolean;
};

export type GroupAssignment = {
  priority: number;
  profile: Record<string, unknown>;
  /** When the group was assigned to the app (its members got it no earlier). */
  created?: string;
  /** When the assignment last changed. */
  lastUpdated?: string;
};

/** Someone's assignment to an app, direct (USER) or through a group (GROUP). */
export type AppUserEntry = {
  userId: string;
  scope: 'USER' | 'GROUP';
  groupId?: string;
  /** Since when they have held the app without a break. */
  created: string;
  lastUpdated: string;
};

/**
 * A change at `at` (epoch ms) by `actor`, who is named in the System Log
 * event it writes. Without an actor (seeding) no event is written.
 */
export type Change = { at: number; actor?: LogActor };

/** The administrator named as the actor of the seeded history and SSWS-token calls. */
export const ADMIN_ACTOR: LogActor = {
  id: stableId('00u', 'okta.admin@acme.example.com'),
  type: 'User',
  alternateId: 'okta.admin@acme.example.com',
  displayName: 'Okta Administrator',
};
