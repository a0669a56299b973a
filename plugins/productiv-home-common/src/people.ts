import { HeldAccess } from './access';
import { RequestKind, RequestStatus } from './requests';

/**
 * An open request of a person, for the Access card of their catalog page:
 * names, not keys, and whom it waits on.
 *
 * @public
 */
export type PersonPendingRequest = {
  id: string;
  appKey: string;
  appName: string;
  tier: string;
  tierName: string;
  kind?: RequestKind;
  status: RequestStatus;
  /** The approvers the request waits on now, when pending approval. */
  waitingOn: Array<{ entityRef: string; name?: string }>;
  /** The ticket fulfillment waits on, when one was opened. */
  ticket?: { externalId?: string; externalUrl?: string };
  /** Days of access asked for; absent for permanent access. */
  accessDays?: number;
  createdAt: string;
  updatedAt: string;
};

/**
 * What a person holds and is waiting for (`GET /people/access`), for the
 * Access card of a catalog User page.
 *
 * @public
 */
export type PersonAccess = {
  entityRef: string;
  /** What the person holds now, according to Okta; absent when the inventory cannot be read. */
  holdings?: HeldAccess[];
  pending: PersonPendingRequest[];
};
