/* eslint-disable no-console */
/**
 * Benchmark: generate N SSO events in the sandbox, then page through all of
 * them with the real Okta SDK in one bounded window (limit 1000 per page).
 * Prints events per second for both. This paging rate is the ceiling the
 * activity ingest is measured against.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/sandbox-paging.ts [events]
 */
import { Client } from '@okta/okta-sdk-nodejs';
import { startSandbox } from '../packages/sandbox/src';

async function main() {
  const events = Number(process.argv[2] ?? 1_000_000);
  const days = 30;
  const end = Date.parse('2026-11-01T00:00:00.000Z');
  const sandbox = await startSandbox({
    activity: false,
    oktaRateLimitPerMinute: 1_000_000,
  });
  try {
    let started = process.hrtime.bigint();
    const { added } = sandbox.generateActivity({
      days,
      end,
      targetEvents: events,
    });
    const generateSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
    started = process.hrtime.bigint();
    let paged = 0;
    const uuids = new Set<string>();
    const collection = await okta.systemLogApi.listLogEvents({
      since: new Date(end - days * 24 * 3600 * 1000).toISOString(),
      until: new Date(end).toISOString(),
      filter: 'eventType eq "user.authentication.sso"',
      limit: 1000,
    });
    for await (const e of collection) {
      if (!e) continue;
      paged++;
      uuids.add(e.uuid!);
    }
    const pageSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (paged !== added || uuids.size !== added) {
      throw new Error(
        `Paged ${paged} events (${uuids.size} distinct), expected ${added}`,
      );
    }
    console.log(`events: ${added}`);
    console.log(
      `generate: ${generateSeconds.toFixed(2)} s, ${Math.round(
        added / generateSeconds,
      )} events/s`,
    );
    console.log(
      `page with the Okta SDK: ${pageSeconds.toFixed(2)} s, ${Math.round(
        paged / pageSeconds,
      )} events/s (${Math.ceil(paged / 1000)} pages)`,
    );
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
  } finally {
    await sandbox.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
