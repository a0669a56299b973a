import { ConflictError } from '@backstage/errors';
import {
  AccessRequest,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';

/** Refuses a change of a request that is not in `status`, saying where it is. */
export function refuseUnless(
  /** The id as the caller gave it. */
  requestId: string,
  request: AccessRequest,
  status: RequestStatus,
  why: string,
): void {
  if (request.status !== status) {
    throw new ConflictError(
      `Request ${requestId} is ${request.status.replace('_', ' ')}${why}`,
    );
  }
}
