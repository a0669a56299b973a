import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { retentionDays } from '@internal/durable-jobs';
import { KeepLinkStore } from './KeepLinkStore';

const DAY_MS = 24 * 3600_000;

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
  const days = retentionDays(deps.config, DELIVERED_MESSAGES_KEY);
  await deps.scheduler.scheduleTask({
    id: 'provisioning-workflows-email:retention',
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 20 },
    fn: async signal => {
      const { links, mails } = await deps.store.deleteDelivered({
        beforeMs: Date.now() - days * DAY_MS,
        signal,
      });
      if (links || mails) {
        deps.logger.info(
          `Deleted ${links} Keep links used or expired and ${mails} records of warning mails sent more than ${days} days ago`,
        );
      }
    },
  });
}
