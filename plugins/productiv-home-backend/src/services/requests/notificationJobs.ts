import {
  classifyError,
  isFinalHttpStatus,
  JobHandler,
  JobJson,
  PermanentError,
  RetryableError,
} from '@internal/durable-jobs';
import { NOTIFICATION_JOB } from './requestJobs';
import { RequestMessage, RequestNotifier } from './types';

/**
 * The handler of `request-notification` jobs: sends the message the job
 * carries. A failure is retried with the runner's backoff (Backstage's
 * notification client throws plain errors, which the job runner would take
 * as final), except an answer no retry can fix (a 4xx such as 404 when the
 * notifications backend is not installed) and a malformed payload; a message
 * that keeps failing ends as a failed job, which the runner logs.
 */
export function notificationHandlers(
  notifier: RequestNotifier,
): Record<string, JobHandler> {
  return {
    [NOTIFICATION_JOB]: async job => {
      const message = messageOf(job.payload);
      try {
        await notifier.notify(message);
      } catch (error) {
        throw notificationFailure(error);
      }
    },
  };
}

function messageOf(payload: JobJson): RequestMessage {
  const p = (payload ?? {}) as Record<string, unknown>;
  const ok =
    Array.isArray(p.recipients) &&
    p.recipients.every(r => typeof r === 'string') &&
    typeof p.title === 'string' &&
    typeof p.description === 'string' &&
    typeof p.requestId === 'string';
  if (!ok) throw new PermanentError('Not a request notification');
  return p as RequestMessage;
}

/** What the job runner is told about a failed send. */
export function notificationFailure(error: unknown): Error {
  const { retryable, message } = classifyError(error);
  const e = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  // Backstage's client: "Failed to send notifications: Error: Request
  // failed with status 404".
  const status = Number(
    e.status ?? e.statusCode ?? /status (\d{3})\b/.exec(message)?.[1],
  );
  if (isFinalHttpStatus(status)) return new PermanentError(message);
  if (retryable && error instanceof Error) return error;
  return new RetryableError(message);
}
