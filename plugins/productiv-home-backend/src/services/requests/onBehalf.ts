import { NewJob } from '@internal/durable-jobs';
import { requestedThing } from './messages';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { notificationJob } from './requestJobs';
import { PeopleDirectory } from './types';

/**
 * An admin's decision for the approvers of a level (the override): who it
 * was made for, and how it is told.
 */
export type OnBehalf = {
  /** The approvers of the level the admin decided (entity refs). */
  approvers: string[];
  /** The admin as people read it: "Alex Morgan, an admin, on behalf of the approvers". */
  by: string;
};

/** The approvers the pending level of a request waits on. */
export function pendingApprovers(request: AccessRequest): string[] {
  return request.approvals
    .filter(a => a.level === request.level && !a.decision)
    .map(a => a.approver);
}

/** A person's name for messages, or their ref when the catalog has none. */
export async function nameOf(
  people: PeopleDirectory,
  ref: string,
): Promise<string> {
  try {
    return (await people.contactOf?.(ref))?.name ?? ref;
  } catch {
    // A message is still worth sending with the ref in it.
    return ref;
  }
}

/** Who decided, as people read it when an admin decided for the approvers. */
export async function adminOnBehalf(
  people: PeopleDirectory,
  admin: string,
): Promise<string> {
  return `${await nameOf(people, admin)}, an admin, on behalf of the approvers`;
}

/** What an admin's decision for the approvers of the pending level records and tells. */
export async function onBehalfOf(
  request: AccessRequest,
  admin: string,
  people: PeopleDirectory,
): Promise<OnBehalf> {
  return {
    approvers: pendingApprovers(request),
    by: await adminOnBehalf(people, admin),
  };
}

/**
 * Tells the approvers of the level, through Backstage notifications, that an
 * admin decided for them: their request to decide is void.
 */
export async function approversToldJob(
  request: AccessRequest,
  appName: string,
  decision: 'approved' | 'denied',
  level: number,
  onBehalf: OnBehalf,
  people: PeopleDirectory,
  comment?: string,
): Promise<NewJob[]> {
  if (!onBehalf.approvers.length) return [];
  const requester = await nameOf(people, request.requester);
  return [
    notificationJob(
      {
        recipients: onBehalf.approvers,
        title: `${requestedThing(
          appName,
          request,
        )} for ${requester} was ${decision} by ${onBehalf.by}`,
        description:
          comment ?? `Level ${level} needs no decision from you any more`,
        requestId: request.id,
      },
      'decided-on-behalf',
      level,
    ),
  ];
}

/**
 * Who approved each level, for fulfillment and tickets: the approver, or the
 * admin who approved for the approvers (whose approvals stay undecided).
 */
export function approvedBy(
  request: AccessRequest,
): Array<{ level: number; approver: string; decidedAt?: string }> {
  const byApprovers = request.approvals
    .filter(a => a.decision === 'approved')
    .map(a => ({
      level: a.level,
      approver: a.approver,
      decidedAt: a.decidedAt,
    }));
  const byAdmins = request.history
    .filter(e => e.type === 'approved' && e.onBehalfOf && e.level)
    .map(e => ({ level: e.level!, approver: e.actor, decidedAt: e.at }));
  return [...byApprovers, ...byAdmins].sort((a, b) => a.level - b.level);
}
