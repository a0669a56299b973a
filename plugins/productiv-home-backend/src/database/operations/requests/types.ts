import { ConflictError } from '@backstage/errors';
import {
  AccessRequest,
  RequestEvent,
  RequestKind,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';

/** A request as stored, with the version its optimistic check uses. */
export type StoredRequest = AccessRequest & { version: number };

/** A stored `kind` as the model has it (rows from before kinds are grants). */
export function kindOf(kind?: string | null): RequestKind {
  return kind === 'return' ||
    kind === 'reclaim' ||
    kind === 'extend' ||
    kind === 'expire'
    ? kind
    : 'grant';
}

export type NewApproval = {
  level: number;
  approver: string;
  viaFallback: boolean;
  /** Asked because the level was overdue. */
  viaEscalation?: boolean;
};

export type NewEvent = Omit<RequestEvent, 'at'>;

/** Fulfillment details to set (`null` clears one). */
export type FulfillmentChange = {
  provider?: string | null;
  externalId?: string | null;
  externalUrl?: string | null;
  failureReason?: string | null;
};

/**
 * The person already has an open request for this app and tier (the
 * database allows one).
 */
export class DuplicateRequestError extends ConflictError {
  constructor(
    readonly openRequestId: string,
    readonly openStatus?: RequestStatus,
  ) {
    super(`Request ${openRequestId} is still open`);
  }
}
