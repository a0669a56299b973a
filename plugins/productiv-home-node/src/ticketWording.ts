import { ApprovedRequest } from './extensions';

/**
 * `Viewer`: a request's tier by its display name, else its key title-cased
 * (for requests made before tiers had names).
 *
 * @public
 */
export function tierNameOf(
  request: Pick<ApprovedRequest, 'tier' | 'tierName'>,
): string {
  return (
    request.tierName ??
    request.tier.charAt(0).toUpperCase() + request.tier.slice(1)
  );
}

/**
 * What a ticket about a request is about, by name: "Figma Editor for Emma
 * Jones", or "Figma Editor removed from Emma Jones" for a license given
 * back.
 *
 * @public
 */
export function ticketSubjectOf(request: ApprovedRequest): string {
  const who = request.requesterName ?? request.requesterRef;
  const thing = `${request.appName} ${tierNameOf(request)}`;
  return request.action === 'remove'
    ? `${thing} removed from ${who}`
    : `${thing} for ${who}`;
}
