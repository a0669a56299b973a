import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { ApprovedRequest } from '@internal/plugin-productiv-home-node';
import { ItChange } from '../../database/ItChangesStore';

/**
 * What the ticketing system is told about a reclaim: a removal of the
 * tier (`action: 'remove'`), or for a downgrade a change of tier (the new
 * tier, replacing the old one), with no approvals (a workflow decided) and
 * its reason as the ticket's "Why".
 */
export function reclaimTicket(
  request: AccessRequest,
  change: ItChange,
  options: {
    contact: { name?: string; email?: string };
    link: string;
  },
): ApprovedRequest {
  const downgrade = change.change === 'downgrade';
  return {
    requestId: request.id,
    ...(downgrade ? {} : { action: 'remove' as const }),
    requesterRef: request.requester,
    requesterName: options.contact.name,
    requesterEmail: options.contact.email ?? change.personEmail,
    appKey: request.appKey,
    appName: change.appName,
    tier: request.tier,
    tierName: downgrade ? change.toTierName : change.fromTierName ?? 'license',
    oktaAppId: change.oktaAppId,
    replaces:
      downgrade && request.fromTier ? { tier: request.fromTier } : undefined,
    justification: request.justification,
    automation: {
      change: change.change,
      fromTierName: change.fromTierName,
      reason: change.reason,
    },
    approvals: [],
    link: options.link,
  };
}
