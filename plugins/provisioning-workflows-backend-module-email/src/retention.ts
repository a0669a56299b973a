import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { scheduleRowRetention } from '@internal/durable-jobs';
import { KeepLinkStore } from './KeepLinkStore';

/** The age past which delivered messages' records go (`.days`, default 30). */
export const DELIVERED_MESSAGES_KEY =
  'provisioningWorkflows.retention.deliveredMessages';

/**
 * Schedules the deletion of Keep links used or expired, and of the records
 * of warning mails sent, more than
 * `provisioningWorkflows.retention.deliveredMessages.days` ago: a global
 * task (one replica at a time) every 6 hours, in batches.
 */
export async function scheduleKeepLinkRetention(deps: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  store: KeepLinkStore;
}): Promise<void> {
  await scheduleRowRetention(deps.scheduler, {
    id: 'provisioning-workflows-email:retention',
    config: deps.config,
    key: DELIVERED_MESSAGES_KEY,
    logger: deps.logger,
    prune: async ({ beforeMs, days, signal }) => {
      const { links, mails } = await deps.store.deleteDelivered({
        beforeMs,
        signal,
      });
      return links || mails
        ? `Deleted ${links} Keep links used or expired and ${mails} records of warning mails sent more than ${days} days ago`
        : undefined;
    },
  });
}
