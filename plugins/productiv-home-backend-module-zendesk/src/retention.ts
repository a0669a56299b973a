import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { retentionDays } from '@internal/durable-jobs';
import { TicketRecords } from './ticketRecords';

const DAY_MS = 24 * 3600_000;

/** The age past which delivered messages' records go (`.days`, default 30). */
export const DELIVERED_MESSAGES_KEY =
  'productivHome.retention.deliveredMessages';

/**
 * Schedules the deletion of the records of Zendesk tickets solved more than
 * `productivHome.retention.deliveredMessages.days` ago: a global task (one
 * replica at a time) every 6 hours, in batches.
 */
export async function scheduleZendeskRetention(deps: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  records: TicketRecords;
}): Promise<void> {
  const days = retentionDays(deps.config, DELIVERED_MESSAGES_KEY);
  await deps.scheduler.scheduleTask({
    id: 'productiv-home-zendesk:retention',
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 20 },
    fn: async signal => {
      const deleted = await deps.records.deleteClosed({
        beforeMs: Date.now() - days * DAY_MS,
        signal,
      });
      if (deleted) {
        deps.logger.info(
          `Deleted the records of ${deleted} Zendesk tickets solved more than ${days} days ago`,
        );
      }
    },
  });
}
