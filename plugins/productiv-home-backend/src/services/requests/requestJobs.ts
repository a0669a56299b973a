import { NewJob } from '@internal/durable-jobs';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { NewApproval } from '../../database/operations/requests/types';
import { RequestMessage } from './types';

/** The job that hands an approved request to its fulfillment provider. */
export const FULFILL_JOB = 'fulfill';
/** Jobs that reach people through the approval channel (Slack or e-mail). */
export const CHANNEL_JOBS = {
  approvalRequest: 'approval-request',
  outcome: 'approval-outcome',
  reminder: 'approval-reminder',
  requesterUpdate: 'requester-update',
} as const;
/** The job that tells people through Backstage notifications. */
export const NOTIFICATION_JOB = 'request-notification';
/**
 * With backoff up to 10 minutes, 20 to 40 minutes of an unreachable
 * notifications backend before the message is given up.
 */
const NOTIFICATION_MAX_ATTEMPTS = 12;
/**
 * With backoff up to 10 minutes, about two hours of an unreachable or
 * failing system before the request fails.
 */
const FULFILL_MAX_ATTEMPTS = 20;

/** What the requester is told about, through the approval channel. */
export type RequesterUpdate =
  /** Made, and waiting for its first approvers. */
  | 'submitted'
  | 'approved-level'
  | 'approved'
  | 'denied'
  | 'fulfilled'
  | 'failed'
  /** Closed unanswered; also told to its approvers (`recipient`). */
  | 'expired';

/** How many times the request went to fulfillment so far. */
export function attemptOf(request: AccessRequest): number {
  return request.history.filter(e => e.type === 'fulfilling').length;
}

/** Asks each new approver through the approval channel. */
export function approvalJobs(
  requestId: string,
  approvals: NewApproval[],
): NewJob[] {
  return approvals.map(a => ({
    type: CHANNEL_JOBS.approvalRequest,
    key: `${CHANNEL_JOBS.approvalRequest}:${requestId}:${a.level}:${a.approver}`,
    payload: { requestId, level: a.level, approver: a.approver },
  }));
}

/**
 * Shows the approvers of a level how it ended, where they were asked. An
 * admin's decision for them (`onBehalf`) shows as that decision, by the
 * admin on their behalf, rather than as another approver's.
 */
export function outcomeJobs(
  request: AccessRequest,
  level: number,
  status: 'approved' | 'denied' | 'cancelled' | 'expired',
  by: string,
  onBehalf?: boolean,
): NewJob[] {
  return request.approvals
    .filter(a => a.level === level)
    .map(a => ({
      type: CHANNEL_JOBS.outcome,
      key: `${CHANNEL_JOBS.outcome}:${request.id}:${level}:${a.approver}`,
      payload: {
        requestId: request.id,
        level,
        approver: a.approver,
        status:
          a.approver === by ||
          status === 'cancelled' ||
          status === 'expired' ||
          onBehalf
            ? status
            : 'decided-elsewhere',
        by,
        ...(onBehalf ? { onBehalf: true } : {}),
      },
    }));
}

/** Tells the requester through the approval channel. */
export function requesterJob(
  requestId: string,
  what: RequesterUpdate,
  attempt = 1,
): NewJob {
  return {
    type: CHANNEL_JOBS.requesterUpdate,
    key: `${CHANNEL_JOBS.requesterUpdate}:${requestId}:${what}:${attempt}`,
    payload: { requestId, what },
  };
}

/**
 * Tells the requester and each approver of the pending level, through the
 * approval channel, that the request expired: one job per person.
 */
export function expiredJobs(
  request: Pick<AccessRequest, 'id' | 'requester' | 'approvals' | 'level'>,
): NewJob[] {
  const approvers = request.approvals
    .filter(a => a.level === request.level)
    .map(a => a.approver);
  return [request.requester, ...new Set(approvers)].map(recipient => ({
    type: CHANNEL_JOBS.requesterUpdate,
    key: `${CHANNEL_JOBS.requesterUpdate}:${request.id}:expired:${recipient}`,
    payload: {
      requestId: request.id,
      what: 'expired',
      ...(recipient === request.requester ? {} : { recipient }),
    },
  }));
}

/** Reminds an approver through the approval channel (the n-th reminder). */
export function reminderJob(
  p: { requestId: string; level: number; approver: string },
  nth: number,
): NewJob {
  return {
    type: CHANNEL_JOBS.reminder,
    key: `${CHANNEL_JOBS.reminder}:${p.requestId}:${p.level}:${p.approver}:${nth}`,
    payload: { requestId: p.requestId, level: p.level, approver: p.approver },
  };
}

/** Hands a request to its fulfillment provider (the n-th attempt). */
export function fulfillJob(requestId: string, attempt: number): NewJob {
  return {
    type: FULFILL_JOB,
    key: `${FULFILL_JOB}:${requestId}:${attempt}`,
    payload: { requestId },
    maxAttempts: FULFILL_MAX_ATTEMPTS,
  };
}

/** What a Backstage notification of a request tells about. */
export type NotificationEvent =
  | 'approval-request'
  | 'approved-level'
  | 'denied'
  | 'fulfilled'
  | 'failed'
  | 'reminder'
  | 'decided-on-behalf'
  | 'escalated'
  | 'expired'
  /** Time-bound access ends soon (to the holder and the approver of record). */
  | 'expiry-warning';

/**
 * Tells people through Backstage notifications, queued with the change it
 * tells about. `at` makes the key unique per notification: the level, the
 * fulfillment attempt, or a reminder's level, approver and number.
 */
export function notificationJob(
  message: RequestMessage,
  what: NotificationEvent,
  ...at: Array<string | number>
): NewJob {
  return {
    type: NOTIFICATION_JOB,
    key: [NOTIFICATION_JOB, message.requestId, what, ...at].join(':'),
    payload: message,
    maxAttempts: NOTIFICATION_MAX_ATTEMPTS,
  };
}
