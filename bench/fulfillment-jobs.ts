/* eslint-disable no-console */
/**
 * Benchmark: a backlog of 1,000 fulfillment jobs drained by one backend
 * instance, then by two instances sharing one PostgreSQL database (each
 * with its own connection pool and runner, as two replicas would be). Each
 * job grants access through the real Okta provider against the sandbox
 * (find the person, check the group, add, confirm; or find them already
 * there). Prints jobs/s for each, the ratio of two to one, and how many
 * times the most-run job ran (must be 1). SQLite, which has one writer, is
 * measured with one instance for reference.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/fulfillment-jobs.ts [jobs]
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';
import { JobRunner, JobStore } from '../packages/durable-jobs/src';
import { OktaFulfillmentProvider } from '../plugins/productiv-home-backend-module-okta/src';
import {
  DEMO_APPS,
  demoUserEntities,
  startSandbox,
} from '../packages/sandbox/src';
import { benchDatabase } from './db';

const JOBS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = 8;

async function main() {
  for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
    delete process.env[v];
  const sandbox = await startSandbox({
    activity: false,
    oktaRateLimitPerMinute: 1_000_000,
  });
  const provider = OktaFulfillmentProvider.fromConfig(
    new ConfigReader({
      connectors: {
        okta: {
          orgUrl: sandbox.urls.okta,
          token: sandbox.credentials.okta.token,
        },
      },
    }),
  )!;
  const groups: Array<{ id: string; name: string }> = await fetch(
    `${sandbox.urls.inspector}/api/okta/groups`,
  ).then(r => r.json());
  const tierGroups = DEMO_APPS.flatMap(a => a.tiers ?? []).map(
    t => groups.find(g => g.name === t.group)!.id,
  );
  const emails = demoUserEntities()
    .map(u => (u.spec as any).profile.email as string)
    .filter(e => e !== 'nina.petrov@acme.example.com');
  const logger = mockServices.rootLogger({ level: 'error' });

  /** Drains JOBS jobs with `instances` runners; returns jobs/s and the most runs of one job. */
  async function run(
    kind: 'sqlite' | 'postgres',
    instances: number,
  ): Promise<{ perSecond: number; maxRuns: number; seconds: number }> {
    const { knex, drop } = await benchDatabase(kind);
    const pools: Knex[] = [knex];
    for (let i = 1; i < instances; i++) {
      pools.push(
        knexFactory({
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 1, max: 5 },
        }),
      );
    }
    try {
      const first = await JobStore.create({ knex, table: 'home_jobs' });
      await first.enqueue(
        Array.from({ length: JOBS }, (_, i) => ({
          type: 'fulfill',
          key: `fulfill:bench-${i}:1`,
          payload: {
            email: emails[i % emails.length],
            groupId:
              tierGroups[Math.floor(i / emails.length) % tierGroups.length],
          },
        })),
      );
      const runs = new Map<string, number>();
      const runners = await Promise.all(
        pools.map(async (pool, i) => {
          const store =
            i === 0
              ? first
              : await JobStore.create({
                  knex: pool,
                  table: 'home_jobs',
                  skipMigrations: true,
                });
          return new JobRunner({
            store,
            worker: `instance-${i}`,
            concurrency: CONCURRENCY,
            handlers: {
              fulfill: async (job, ctx) => {
                runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
                const { email, groupId } = job.payload as {
                  email: string;
                  groupId: string;
                };
                const result = await provider.fulfill(
                  {
                    requestId: job.key,
                    requesterRef: `user:default/${email.split('@')[0]}`,
                    requesterEmail: email,
                    appKey: 'bench',
                    appName: 'Bench',
                    tier: 'bench',
                    oktaGroupId: groupId,
                    approvals: [],
                    link: '',
                  },
                  { logger, idempotencyKey: ctx.idempotencyKey },
                );
                return result.status;
              },
            },
          });
        }),
      );
      const started = performance.now();
      await Promise.all(runners.map(r => r.runOnce()));
      const seconds = (performance.now() - started) / 1000;
      const counts = await first.counts();
      if (counts.succeeded !== JOBS) {
        throw new Error(`${kind}: ${JSON.stringify(counts)}`);
      }
      return {
        perSecond: JOBS / seconds,
        maxRuns: Math.max(...runs.values()),
        seconds,
      };
    } finally {
      for (const pool of pools.slice(1)) await pool.destroy();
      await drop();
    }
  }

  const sqlite = await run('sqlite', 1);
  const one = await run('postgres', 1);
  const two = await run('postgres', 2);
  // Okta answers in tens of milliseconds, not at once: with 50 ms per call
  // the instances wait on the network, as replicas do.
  sandbox.state.faults.set('okta', { delayRate: 1, delayMs: 50 });
  const slowOne = await run('postgres', 1);
  const slowTwo = await run('postgres', 2);
  await sandbox.stop();
  const line = (name: string, r: typeof one) =>
    `  ${name}: ${r.perSecond.toFixed(0)} jobs/s (${r.seconds.toFixed(
      1,
    )} s), most runs of one job: ${r.maxRuns}`;
  console.log(
    `${JOBS} fulfillment jobs through the Okta provider against the sandbox, ${CONCURRENCY} at a time per instance\n` +
      `${line('SQLite, one instance', sqlite)}\n` +
      `${line('PostgreSQL, one instance', one)}\n` +
      `${line('PostgreSQL, two instances', two)}\n` +
      `  two instances / one: ${(two.perSecond / one.perSecond).toFixed(2)}\n` +
      `with 50 ms per Okta call:\n` +
      `${line('PostgreSQL, one instance', slowOne)}\n` +
      `${line('PostgreSQL, two instances', slowTwo)}\n` +
      `  two instances / one: ${(slowTwo.perSecond / slowOne.perSecond).toFixed(
        2,
      )}\n` +
      `node ${process.version}, ${new Date().toISOString()}`,
  );
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
