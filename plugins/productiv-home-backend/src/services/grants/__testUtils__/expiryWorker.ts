/* eslint-disable no-console */
// Productiv Home's time-bound access in a process of its own, for the kill
// test: the grant sweep and the job worker (the handlers context.ts
// registers: grant expiry, fulfillment through the Okta module, messages)
// on the database of PH_KNEX, against the sandbox's Okta, with the clock
// at PH_NOW_MS. Started by expiryKill.test.ts; not part of the plugin.
import { JobWorker } from '@internal/durable-jobs';
import knexFactory from 'knex';
import { grantHarness } from './grantHarness';

async function main() {
  const knex = knexFactory(JSON.parse(process.env.PH_KNEX!));
  const nowMs = Number(process.env.PH_NOW_MS);
  const h = await grantHarness({
    knex,
    okta: {
      orgUrl: process.env.PH_OKTA_URL!,
      token: process.env.PH_OKTA_TOKEN!,
    },
    inspector: process.env.PH_INSPECTOR!,
    now: () => nowMs,
    worker: process.env.PH_WORKER,
    leaseMs: Number(process.env.PH_LEASE_MS),
    skipMigrations: true,
  });
  const logger = {
    warn: (m: string, meta?: unknown) => console.error('warn', m, meta),
    error: (m: string, meta?: unknown) => console.error('error', m, meta),
  };
  // The plugin's scheduled sweep and worker, run more often than theirs.
  const worker = new JobWorker({ runners: [h.runner], logger });
  let sweeping = false;
  setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await h.expiry.sweep();
    } catch (error) {
      console.error('sweep', error);
    } finally {
      sweeping = false;
    }
    worker.kick();
  }, 50);
  console.log('ready');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
