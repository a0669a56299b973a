import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { retentionDays } from '@internal/durable-jobs';
import { Knex } from 'knex';
import { requestsInUse } from './requestsInUse';
import { SlackStore } from './SlackStore';

const DAY_MS = 24 * 3600_000;

/** The age past which delivered messages' records go (`.days`, default 30). */
export const DELIVERED_MESSAGES_KEY =
  'productivHome.retention.deliveredMessages';

/**
 * Schedules the deletion of the records of Slack posts older than
 * `productivHome.retention.deliveredMessages.days`, except those of requests
 * still open or finished more recently than that: a global task (one
 * replica at a time) every 6 hours, in batches.
 */
export async function scheduleSlackRetention(deps: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  store: SlackStore;
  knex: Knex;
}): Promise<void> {
  const days = retentionDays(deps.config, DELIVERED_MESSAGES_KEY);
  await deps.scheduler.scheduleTask({
    id: 'productiv-home-slack:retention',
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 20 },
    fn: async signal => {
      const beforeMs = Date.now() - days * DAY_MS;
      const { deleted, kept } = await deps.store.deletePosts({
        beforeMs,
        keep: ids => requestsInUse(deps.knex, ids, beforeMs),
        signal,
      });
      if (deleted || kept) {
        deps.logger.info(
          `Deleted ${deleted} records of Slack messages older than ${days} days; kept ${kept} of requests open or finished since`,
        );
      }
    },
  });
}
