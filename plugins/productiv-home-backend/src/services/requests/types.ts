import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AccessRequest,
  RequestFilter,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';
import { CallOptions, CheckedInput } from '../callOptions';

/** Where Productiv Home learns who manages whom and who can be reached. */
export interface PeopleDirectory {
  /** Entity ref of the user's manager, if the catalog has one. */
  managerOf(userRef: string): Promise<string | undefined>;
  /** Whether the user exists and can be notified (has an e-mail). */
  isReachable(userRef: string): Promise<boolean>;
  /** Direct members of a group. */
  membersOf(groupRef: string): Promise<string[]>;
  /** Groups the user is a direct member of. */
  groupsOf(userRef: string): Promise<string[]>;
  /** Name and e-mail, for messages and tickets. */
  contactOf?(userRef: string): Promise<{ name?: string; email?: string }>;
}

/** What people are told about a request. */
export type RequestMessage = {
  recipients: string[];
  title: string;
  description: string;
  /** Request id: later messages about the same request replace earlier ones. */
  requestId: string;
};

/**
 * Tells people what happened; the plugin sends it through Backstage
 * notifications, from a `request-notification` job (see notificationJobs.ts).
 */
export interface RequestNotifier {
  notify(message: RequestMessage): Promise<void>;
}

/** Which requests a list shows. */
export type RequestListQuery = {
  /** The caller's own requests, or every request the policy lets them see. */
  scope: 'mine' | 'all';
  status?: RequestStatus[];
  appKey?: string;
  limit: number;
  cursor?: string;
  /** What the policy lets the caller see, applied in SQL (set by the authorized service). */
  permissionFilter?: PermissionCriteria<RequestFilter>;
};

/** A page of requests, newest first. */
export type RequestPage = { items: AccessRequest[]; nextCursor?: string };

export type SubmitInput = {
  appKey: string;
  tier: string;
  justification?: string;
  /** Days of access, within the app's maximum; the app's default (or permanent) when absent. */
  accessDays?: number;
};

export type IntakeInput = { name: string; url?: string; reason: string };

/** More days of time-bound access, for a grant the caller holds. */
export type ExtendInput = { accessDays: number; justification?: string };

/** A license given back: the tier of the app the caller holds. */
export type ReturnInput = { appKey: string; justification?: string };

export type DecisionInput = {
  decision: 'approved' | 'denied';
  comment?: string;
};

/**
 * The requests of Productiv Home, as the HTTP routes and the actions see
 * them: every method acts for the calling user.
 */
export interface RequestService {
  submit(
    input: CheckedInput<SubmitInput>,
    options: CallOptions,
  ): Promise<AccessRequest>;
  submitIntake(
    input: CheckedInput<IntakeInput>,
    options: CallOptions,
  ): Promise<AccessRequest>;
  /** Gives back the tier of an app the caller holds (no approval). */
  submitReturn(
    input: CheckedInput<ReturnInput>,
    options: CallOptions,
  ): Promise<AccessRequest>;
  /** Asks to extend the caller's time-bound access granted by request `grantId`. */
  submitExtension(
    grantId: string,
    input: CheckedInput<ExtendInput>,
    options: CallOptions,
  ): Promise<AccessRequest>;
  listRequests(
    query: RequestListQuery,
    options: CallOptions,
  ): Promise<RequestPage>;
  /** Requests waiting for the caller's decision. */
  listAwaiting(options: CallOptions): Promise<AccessRequest[]>;
  /** A request with approvals and history. */
  getRequest(id: string, options: CallOptions): Promise<AccessRequest>;
  decide(
    id: string,
    input: DecisionInput,
    options: CallOptions,
  ): Promise<AccessRequest>;
  retry(id: string, options: CallOptions): Promise<AccessRequest>;
  cancel(id: string, options: CallOptions): Promise<AccessRequest>;
}

/**
 * The requests without permission checks, as the authorized service wraps
 * them: it alone chooses the override, once the policy allowed it.
 */
export interface UncheckedRequestService extends RequestService {
  /**
   * Decides for the approvers of the pending level, as an admin who is not
   * one of them (the override).
   */
  decideOnBehalf(
    id: string,
    input: DecisionInput,
    options: CallOptions,
  ): Promise<AccessRequest>;
}
