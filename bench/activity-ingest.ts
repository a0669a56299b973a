/* eslint-disable no-console */
/**
 * Benchmark: ingest N SSO events (default 1,000,000 over 30 days) from the
 * sandbox's Okta System Log into SQLite and PostgreSQL, and compare with the
 * ceiling: the rate at which the Okta SDK pages through the same events in
 * the same run. Goal: ingest at 0.5 or more of the ceiling.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/activity-ingest.ts [events]
 */
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { Client } from '@okta/okta-sdk-nodejs';
import { startSandbox } from '../packages/sandbox/src';
import { initializePersistence } from '../plugins/provisioning-workflows-backend/src/database/persistence';
import { OktaGateway } from '../plugins/provisioning-workflows-backend/src/services/inventory/OktaGateway';
import { ActivityIngest } from '../plugins/provisioning-workflows-backend/src/services/inventory/ActivityIngest';
import { benchDatabase } from './db';

const DAY = 24 * 3600 * 1000;

async function main() {
  const events = Number(process.argv[2] ?? 1_000_000);
  const end = Date.parse('2026-11-01T00:00:00.000Z');
  const now = end + 3600_000;
  const sandbox = await startSandbox({
    activity: false,
    oktaRateLimitPerMinute: 10_000_000,
    now: () => now,
  });
  try {
    sandbox.generateActivity({ days: 30, end, targetEvents: events });

    // The ceiling: the SDK paging through every event in one bounded window.
    const okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
    let started = Date.now();
    let paged = 0;
    for await (const e of await okta.systemLogApi.listLogEvents({
      since: new Date(end - 31 * DAY).toISOString(),
      until: new Date(now).toISOString(),
      filter: 'eventType eq "user.authentication.sso"',
      limit: 1000,
    })) {
      if (e) paged++;
    }
    const ceiling = paged / ((Date.now() - started) / 1000);
    console.log(`events: ${paged}`);
    console.log(`ceiling (Okta SDK paging): ${Math.round(ceiling)} events/s`);

    for (const kind of ['sqlite', 'postgres'] as const) {
      const db = await benchDatabase(kind);
      try {
        const stores = await initializePersistence(
          mockServices.database({ knex: db.knex, migrations: { skip: false } }),
        );
        const gateway = OktaGateway.fromConfig(
          new ConfigReader({
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
            },
          }),
        )!;
        const ingest = new ActivityIngest({
          okta: gateway,
          ...stores,
          logger: mockServices.rootLogger({ level: 'warn' }),
          settings: { backfillDays: 31 },
          now: () => now,
        });
        started = Date.now();
        const { stats } = await ingest.run();
        const seconds = (Date.now() - started) / 1000;
        if (stats.eventsCounted !== paged)
          throw new Error(
            `${kind}: counted ${stats.eventsCounted} of ${paged} events`,
          );
        const rate = stats.eventsCounted / seconds;
        console.log(
          `${kind}: ingested ${stats.eventsCounted} events in ${seconds.toFixed(
            1,
          )} s (${stats.windows} windows): ${Math.round(
            rate,
          )} events/s, ratio to ceiling ${(rate / ceiling).toFixed(2)}`,
        );
      } finally {
        await db.drop();
      }
    }
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
  } finally {
    await sandbox.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
