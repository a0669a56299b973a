/* eslint-disable no-console */
/**
 * Benchmark: throughput of the durable job queue itself
 * (`@internal/durable-jobs`). A backlog of N jobs is drained by one runner
 * on SQLite, by one runner on PostgreSQL, and by two runners on two
 * connection pools to the same PostgreSQL database (two replicas). Each runs
 * 8 jobs at a time. The handlers do nothing, then sleep 20 ms (a call to a
 * fast external API). Prints jobs/s for each in a table, and how many times
 * the most-run job ran (must be 1).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/job-queue.ts [jobs]
 */
import os from 'node:os';
import knexFactory, { Knex } from 'knex';
import { JobRunner, JobStore } from '../packages/durable-jobs/src';
import { benchDatabase } from './db';

const JOBS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 8;

type Result = {
  enqueuePerSecond: number;
  perSecond: number;
  seconds: number;
  maxRuns: number;
  share: string;
};

async function drain(
  kind: 'sqlite' | 'postgres',
  runners: number,
  sleepMs: number,
): Promise<Result> {
  const { knex, drop } = await benchDatabase(kind);
  const pools: Knex[] = [knex];
  for (let i = 1; i < runners; i++) {
    pools.push(
      knexFactory({
        client: 'pg',
        connection: knex.client.config.connection,
        pool: { min: 1, max: 5 },
      }),
    );
  }
  try {
    const first = await JobStore.create({ knex });
    let started = performance.now();
    await first.enqueue(
      Array.from({ length: JOBS }, (_, i) => ({
        type: 'call',
        key: `call:${i}`,
        payload: { i },
      })),
    );
    const enqueueSeconds = (performance.now() - started) / 1000;

    const runs = new Map<string, number>();
    const stores = await Promise.all(
      pools.map((pool, i) =>
        i === 0 ? first : JobStore.create({ knex: pool, skipMigrations: true }),
      ),
    );
    const jobRunners = stores.map(
      (store, i) =>
        new JobRunner({
          store,
          worker: `replica-${i}`,
          concurrency: CONCURRENCY,
          handlers: {
            call: async job => {
              runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
              if (sleepMs) await new Promise(r => setTimeout(r, sleepMs));
            },
          },
        }),
    );
    started = performance.now();
    const counts = await Promise.all(jobRunners.map(r => r.runOnce()));
    const seconds = (performance.now() - started) / 1000;
    const total = await first.counts();
    if (total.succeeded !== JOBS) {
      throw new Error(`${kind} x${runners}: ${JSON.stringify(total)}`);
    }
    return {
      enqueuePerSecond: JOBS / enqueueSeconds,
      perSecond: JOBS / seconds,
      seconds,
      maxRuns: Math.max(...runs.values()),
      share: counts.map(c => c.succeeded).join(' / '),
    };
  } finally {
    for (const pool of pools.slice(1)) await pool.destroy();
    await drop();
  }
}

async function versions(): Promise<string> {
  const pg = await benchDatabase('postgres');
  const sqlite = await benchDatabase('sqlite');
  try {
    const pgVersion = (await pg.knex.raw('SHOW server_version')).rows[0]
      .server_version;
    const [{ v }] = await sqlite.knex.raw('SELECT sqlite_version() AS v');
    return `PostgreSQL ${pgVersion}, SQLite ${v}`;
  } finally {
    await pg.drop();
    await sqlite.drop();
  }
}

async function main() {
  const setups = [
    ['SQLite, 1 runner', 'sqlite', 1],
    ['PostgreSQL, 1 runner', 'postgres', 1],
    ['PostgreSQL, 2 runners, 2 pools', 'postgres', 2],
  ] as const;
  const rows: string[][] = [];
  for (const sleepMs of [0, 20]) {
    let onePg: number | undefined;
    for (const [name, kind, runners] of setups) {
      const r = await drain(kind, runners, sleepMs);
      if (kind === 'postgres' && runners === 1) onePg = r.perSecond;
      rows.push([
        sleepMs ? `sleeps ${sleepMs} ms` : 'no-op',
        name,
        `${r.perSecond.toFixed(0)} jobs/s`,
        `${r.seconds.toFixed(1)} s`,
        kind === 'postgres' && runners === 2 && onePg
          ? (r.perSecond / onePg).toFixed(2)
          : '',
        r.share,
        String(r.maxRuns),
        `${r.enqueuePerSecond.toFixed(0)} jobs/s`,
      ]);
      console.error(`done: ${rows[rows.length - 1].slice(0, 3).join(', ')}`);
    }
  }
  const header = [
    'handler',
    'setup',
    'throughput',
    'drain time',
    '2 / 1',
    'jobs per runner',
    'most runs of one job',
    'enqueue',
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `${JOBS} jobs, ${CONCURRENCY} at a time per runner\n\n${line(
      header,
    )}\n${line(widths.map(w => '-'.repeat(w)))}\n${rows
      .map(line)
      .join('\n')}\n`,
  );
  console.log(
    `${new Date().toISOString()}, node ${
      process.version
    }, ${await versions()}, ` +
      `${os.cpus().length} x ${os.cpus()[0]?.model}, load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
