import { AccessRequest } from '@internal/plugin-productiv-home-common';
import {
  DAY_MS,
  Grant,
  GrantChange,
} from '../../database/operations/grants/types';

/** Where a fulfilled request's grant is read (the grants store). */
export type GrantReader = {
  get(requestId: string): Promise<Grant | undefined>;
};

/** Whether a request is about time-bound access: it asks for a duration, extends one or ends one. */
export function timeBound(
  request: Pick<AccessRequest, 'kind' | 'accessDays'>,
): boolean {
  if (request.kind === 'extend' || request.kind === 'expire') return true;
  return (!request.kind || request.kind === 'grant') && !!request.accessDays;
}

/** The approver of record: who approved last (the highest level). */
export function approverOfRecord(
  request: Pick<AccessRequest, 'approvals'>,
): string | undefined {
  return [...request.approvals]
    .filter(a => a.decision === 'approved')
    .sort(
      (a, b) =>
        b.level - a.level ||
        Date.parse(b.decidedAt ?? '') - Date.parse(a.decidedAt ?? ''),
    )[0]?.approver;
}

/**
 * What the fulfillment of a request does to time-bound access, written
 * with it: a grant with a duration starts (its expiry counted from now), an
 * extension moves the grant's expiry by its days (refused when the grant
 * has ended or its expiry has passed: nothing is moved then), a removal at
 * expiry ends its grant, a return ends the grants of what it gives back.
 */
export async function grantChangeOf(
  request: AccessRequest,
  grants: GrantReader | undefined,
  nowMs: number,
): Promise<GrantChange | { refused: string } | undefined> {
  const kind = request.kind ?? 'grant';
  if (kind === 'grant' && request.accessDays) {
    return {
      op: 'create',
      requestId: request.id,
      requester: request.requester,
      appKey: request.appKey,
      tier: request.tier,
      approver: approverOfRecord(request),
      expiresAtMs: nowMs + request.accessDays * DAY_MS,
    };
  }
  if (kind === 'extend' && request.grantId && request.accessDays) {
    const grant = await grants?.get(request.grantId);
    if (!grant || grant.status !== 'active' || grant.expiresAtMs <= nowMs) {
      return {
        refused:
          'The access ended before the extension was approved; request the app again',
      };
    }
    return {
      op: 'extend',
      grantId: grant.requestId,
      expiresAtMs: grant.expiresAtMs + request.accessDays * DAY_MS,
    };
  }
  if (kind === 'expire' && request.grantId) {
    return { op: 'removed', grantId: request.grantId };
  }
  if (kind === 'return') {
    return {
      op: 'returned',
      requester: request.requester,
      appKey: request.appKey,
      tier: request.tier,
    };
  }
  return undefined;
}
