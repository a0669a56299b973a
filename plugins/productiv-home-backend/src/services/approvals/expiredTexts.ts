import { AccessRequest } from '@internal/plugin-productiv-home-common';

/**
 * What the requester, or an approver (given the requester's name), reads
 * when a request expired: why it was closed, and what to do now.
 */
export function expiredTexts(
  request: Pick<AccessRequest, 'history'>,
  requestedName: string,
  requesterName?: string,
): [string, string] {
  const why =
    request.history.find(h => h.type === 'expired')?.comment ??
    'Nobody decided in time';
  return requesterName
    ? [
        `The request of ${requesterName} for ${requestedName} expired`,
        `${why}, so it was closed; there is nothing left to decide.`,
      ]
    : [
        `Your request for ${requestedName} expired`,
        `${why}, so it was closed. Request it again from Productiv Home if you still need it.`,
      ];
}
