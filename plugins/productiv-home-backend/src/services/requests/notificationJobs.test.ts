import {
  classifyError,
  Job,
  JobContext,
  PermanentError,
  RetryableError,
} from '@internal/durable-jobs';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { notificationFailure, notificationHandlers } from './notificationJobs';
import { NotificationsRequestNotifier } from './NotificationsRequestNotifier';
import { NOTIFICATION_JOB, notificationJob } from './requestJobs';

const message = {
  recipients: ['user:default/olivia.chen'],
  title: 'Approve Figma Editor for emma.jones?',
  description: 'Design reviews',
  requestId: 'r1',
};

function jobOf(payload: Job['payload']): Job {
  const job = notificationJob(message, 'approval-request', 1);
  return {
    id: '1',
    ...job,
    payload,
    status: 'running',
    attempts: 1,
    maxAttempts: job.maxAttempts!,
    runAfterMs: 0,
    createdAtMs: 0,
    updatedAtMs: 0,
  };
}

const ctx = {} as JobContext;

describe('request notification jobs', () => {
  it('are keyed per request, event and level, and retried for a while', () => {
    expect(notificationJob(message, 'approval-request', 2)).toEqual({
      type: NOTIFICATION_JOB,
      key: 'request-notification:r1:approval-request:2',
      payload: message,
      maxAttempts: 12,
    });
    expect(
      notificationJob(message, 'reminder', 1, 'user:default/olivia.chen', 2)
        .key,
    ).toBe('request-notification:r1:reminder:1:user:default/olivia.chen:2');
  });

  it('send the message through Backstage notifications, scoped to the request', async () => {
    const sent: unknown[] = [];
    const notifications: NotificationService = {
      send: async n => void sent.push(n),
    };
    const handlers = notificationHandlers(
      new NotificationsRequestNotifier(notifications),
    );
    await handlers[NOTIFICATION_JOB](jobOf(message), ctx);
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: message.recipients },
        payload: {
          title: message.title,
          description: message.description,
          link: '/productiv-home?tab=requests&request=r1',
          topic: 'productiv-home-request',
          scope: 'request:r1',
          severity: 'normal',
        },
      },
    ]);
  });

  it('retry what may pass and give up at once on what cannot', async () => {
    const failing = (error: unknown) =>
      notificationHandlers({
        notify: async () => {
          throw error;
        },
      })[NOTIFICATION_JOB](jobOf(message), ctx);
    const retryable = async (error: unknown) =>
      classifyError(await failing(error).catch(e => e)).retryable;

    // What Backstage's client throws when the backend is down or failing.
    expect(
      await retryable(
        new Error(
          'Failed to send notifications: TypeError: fetch failed (ECONNREFUSED)',
        ),
      ),
    ).toBe(true);
    expect(
      await retryable(
        new Error(
          'Failed to send notifications: Error: Request failed with status 503',
        ),
      ),
    ).toBe(true);
    expect(await retryable(new Error('anything else'))).toBe(true);
    // No notifications backend, or a message it refuses.
    expect(
      await retryable(
        new Error(
          'Failed to send notifications: Error: Request failed with status 404',
        ),
      ),
    ).toBe(false);
    expect(
      await retryable(Object.assign(new Error('Bad'), { status: 400 })),
    ).toBe(false);
    expect(
      await retryable(Object.assign(new Error('Slow down'), { status: 429 })),
    ).toBe(true);
    expect(notificationFailure('down')).toBeInstanceOf(RetryableError);

    await expect(
      notificationHandlers({ notify: async () => {} })[NOTIFICATION_JOB](
        jobOf({ title: 'no recipients' }),
        ctx,
      ),
    ).rejects.toBeInstanceOf(PermanentError);
  });
});
