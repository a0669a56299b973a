/* eslint-disable no-console */
// The plugin's job handling for request notifications in a process of its
// own, for the kill test: the handler context.ts registers, sending through
// NotificationsRequestNotifier to a fake notifications backend that records
// each delivery in a file (so the record survives the kill). The backend
// lets PH_DELIVER sends through, then hangs on every other one. Started by
// notificationsKill.test.ts; not part of the plugin.
import { NotificationService } from '@backstage/plugin-notifications-node';
import { JobRunner, JobStore, JobWorker } from '@internal/durable-jobs';
import knexFactory from 'knex';
import { appendFileSync } from 'node:fs';
import { notificationHandlers } from '../notificationJobs';
import { NotificationsRequestNotifier } from '../NotificationsRequestNotifier';

async function main() {
  const knex = knexFactory(JSON.parse(process.env.PH_KNEX!));
  const limit = Number(process.env.PH_DELIVER ?? Infinity);
  let delivered = 0;
  const notifications: NotificationService = {
    async send(notification) {
      if (delivered >= limit) {
        await new Promise(() => {}); // the backend never answers
      }
      delivered++;
      appendFileSync(
        process.env.PH_DELIVERIES!,
        `${JSON.stringify({
          worker: process.env.PH_WORKER,
          scope: notification.payload.scope,
          recipients: notification.recipients,
          title: notification.payload.title,
        })}\n`,
      );
    },
  };
  const logger = {
    warn: (m: string, meta?: unknown) => console.error('warn', m, meta),
    error: (m: string, meta?: unknown) => console.error('error', m, meta),
  };
  const leaseMs = Number(process.env.PH_LEASE_MS);
  const runner = new JobRunner({
    store: await JobStore.create({
      knex,
      table: 'home_jobs',
      skipMigrations: true,
    }),
    worker: process.env.PH_WORKER!,
    handlers: notificationHandlers(
      new NotificationsRequestNotifier(notifications),
    ),
    concurrency: 4,
    leaseMs,
    // A hung send stays in flight until the process is killed.
    timeoutMs: 10 * 60_000,
    logger,
  });
  // The plugin's worker, kicked more often than its 5-second schedule.
  const worker = new JobWorker({ runners: [runner], logger });
  setInterval(() => worker.kick(), 20);
  console.log('ready');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
