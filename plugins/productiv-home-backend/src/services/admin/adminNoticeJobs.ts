import { NewJob } from '@internal/durable-jobs';

/** The job that tells the Productiv admins (their Slack channel) about a request. */
export const ADMIN_NOTICE_JOB = 'admin-notice';

/**
 * With backoff up to 10 minutes, about an hour of an unreachable channel
 * before the notice is given up.
 */
const ADMIN_NOTICE_MAX_ATTEMPTS = 12;

/** What the admins hear about, with what the message needs to name it. */
export type AdminNoticePayload =
  /** A request for an app that is not in the catalog. */
  | { event: 'intake'; requestId: string }
  /** Nobody could approve a level, so the fallback approver was asked. */
  | { event: 'fallback-used'; requestId: string; level: number }
  /** Nobody decided a level in time: `approvers` were asked too. */
  | {
      event: 'escalated';
      requestId: string;
      level: number;
      approvers: string[];
      afterDays: number;
    }
  /** Fulfillment failed for good (the n-th attempt). */
  | { event: 'failed'; requestId: string; attempt: number };

/**
 * Tells the admins once per event: the key names the request, the event
 * and where in the request's life it happened (level, attempt).
 */
export function adminNoticeJob(notice: AdminNoticePayload): NewJob {
  let at: Array<string | number> = [];
  if (notice.event === 'failed') at = [notice.attempt];
  else if (notice.event !== 'intake') at = [notice.level];
  return {
    type: ADMIN_NOTICE_JOB,
    key: [ADMIN_NOTICE_JOB, notice.requestId, notice.event, ...at].join(':'),
    payload: notice,
    maxAttempts: ADMIN_NOTICE_MAX_ATTEMPTS,
  };
}
