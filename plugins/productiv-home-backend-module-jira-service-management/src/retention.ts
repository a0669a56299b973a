import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { scheduleRowRetention } from '@internal/durable-jobs';
import { RequestRecords } from './ticketRecords';

/** The age past which delivered messages' records go (`.days`, default 30). */
export const DELIVERED_MESSAGES_KEY =
  'productivHome.retention.deliveredMessages';

/**
 * Schedules the deletion of the records of JSM requests done (resolved or
 * rejected) more than `productivHome.retention.deliveredMessages.days` ago:
 * a global task (one replica at a time) every 6 hours, in batches.
 */
export async function scheduleJsmRetention(deps: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  records: RequestRecords;
}): Promise<void> {
  await scheduleRowRetention(deps.scheduler, {
    id: 'productiv-home-jsm:retention',
    config: deps.config,
    key: DELIVERED_MESSAGES_KEY,
    logger: deps.logger,
    prune: async ({ beforeMs, days, signal }) => {
      const deleted = await deps.records.deleteClosed({
        beforeMs,
        signal,
      });
      return deleted
        ? `Deleted the records of ${deleted} JSM requests done more than ${days} days ago`
        : undefined;
    },
  });
}
