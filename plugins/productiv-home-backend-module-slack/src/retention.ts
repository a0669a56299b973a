import {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { scheduleRowRetention } from '@internal/durable-jobs';
import { Knex } from 'knex';
import { requestsInUse } from './requestsInUse';
import { SlackStore } from './SlackStore';

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
  await scheduleRowRetention(deps.scheduler, {
    id: 'productiv-home-slack:retention',
    config: deps.config,
    key: DELIVERED_MESSAGES_KEY,
    logger: deps.logger,
    prune: async ({ beforeMs, days, signal }) => {
      const { deleted, kept } = await deps.store.deletePosts({
        beforeMs,
        keep: ids => requestsInUse(deps.knex, ids, beforeMs),
        signal,
      });
      return deleted || kept
        ? `Deleted ${deleted} records of Slack messages older than ${days} days; kept ${kept} of requests open or finished since`
        : undefined;
    },
  });
}
