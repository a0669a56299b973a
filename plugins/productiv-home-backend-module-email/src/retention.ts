import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { scheduleRowRetention } from '@internal/durable-jobs';
import { EmailStore } from './EmailStore';

/** The age past which delivered messages' records go (`.days`, default 30). */
export const DELIVERED_MESSAGES_KEY =
  'productivHome.retention.deliveredMessages';

/**
 * Schedules the deletion of e-mail links used, revoked or expired, and of
 * the records of mails sent, more than
 * `productivHome.retention.deliveredMessages.days` ago: a global task (one
 * replica at a time) every 6 hours, in batches.
 */
export async function scheduleEmailRetention(deps: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  store: EmailStore;
}): Promise<void> {
  await scheduleRowRetention(deps.scheduler, {
    id: 'productiv-home-email:retention',
    config: deps.config,
    key: DELIVERED_MESSAGES_KEY,
    logger: deps.logger,
    prune: async ({ beforeMs, days, signal }) => {
      const { links, mails } = await deps.store.deleteDelivered({
        beforeMs,
        signal,
      });
      return links || mails
        ? `Deleted ${links} e-mail links used, revoked or expired and ${mails} records of mails sent more than ${days} days ago`
        : undefined;
    },
  });
}
