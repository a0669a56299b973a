/* eslint-disable no-console */
/**
 * Benchmark: a backtest of a provisioning workflow (backtestWorkflow, what
 * POST /workflows/{instanceId}/backtest runs) 30 days ago, over the preview
 * benchmark's instance (100,000 assigned people, 90 days of SSO activity),
 * against the preview of the same workflow now, on SQLite and PostgreSQL.
 * The assignment intervals are the assignments' (as the migration writes
 * them), plus 5% of people whose tier changed 10 to 80 days ago.
 * Goal: backtest at most 3x the preview on PostgreSQL, and under 5 s.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/workflow-backtest.ts [people] [runs] [sqlite,postgres]
 *
 * Also prints the storage of the activity and intervals per person-day.
 */
import knexFactory from 'knex';
import os from 'node:os';
import { applyDatabaseMigrations } from '../plugins/provisioning-workflows-backend/src/database/migrations';
import { createWorkflowStore } from '../plugins/provisioning-workflows-backend/src/database/WorkflowStore';
import { backtestWorkflow } from '../plugins/provisioning-workflows-backend/src/engine/backtest';
import { previewWorkflow } from '../plugins/provisioning-workflows-backend/src/engine/preview';
import { seededRandom } from '../packages/sandbox/src';
import { benchDatabase, percentile } from './db';
import { fill, INSTANCE, NOW, WORKFLOWS } from './workflow-preview';

void knexFactory;
const DAY = 24 * 3600 * 1000;
const WARMUP = 2;
const AS_OF = new Date(NOW - 30 * DAY).toISOString().slice(0, 10);
const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' ');
const median = (xs: number[]) => percentile(xs, 50);

async function intervals(knex: ReturnType<typeof knexFactory>) {
  // As the migration copies the assignments in, then tier changes.
  await knex.raw(`insert into assignment_intervals
      (instance_id, okta_user_id, scope, group_id, from_ms, to_ms, first_seen_ms, first_seen_day, source)
    select instance_id, okta_user_id, scope, group_id, first_seen_ms, removed_ms, first_seen_ms, '2000-01-01', 'sync'
    from assignments`);
  const rows = await knex('assignment_intervals')
    .where({ instance_id: INSTANCE, scope: 'GROUP' })
    .whereNull('to_ms')
    .select('id', 'okta_user_id', 'group_id', 'first_seen_ms');
  const rand = seededRandom(11);
  const groups = ['00gcrmbasic', '00gcrmstd', '00gcrmprem'];
  let changed = 0;
  await knex.transaction(async trx => {
    for (const r of rows) {
      if (rand() >= 0.05) continue;
      const at = NOW - Math.floor((10 + rand() * 70) * DAY);
      if (at <= Number(r.first_seen_ms)) continue;
      const before = groups.filter(g => g !== r.group_id)[
        Math.floor(rand() * 2)
      ];
      // Held another tier until `at`, this one since.
      await trx('assignment_intervals')
        .where({ id: r.id })
        .update({ from_ms: at });
      await trx('assignment_intervals').insert({
        instance_id: INSTANCE,
        okta_user_id: r.okta_user_id,
        scope: 'GROUP',
        group_id: before,
        from_ms: r.first_seen_ms,
        to_ms: at,
        first_seen_ms: r.first_seen_ms,
        first_seen_day: '2000-01-01',
        source: 'sync',
      });
      changed++;
    }
  });
  await knex.raw(
    knex.client.config.client === 'pg'
      ? `update assignment_intervals set first_seen_day = to_char(to_timestamp(first_seen_ms / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`
      : `update assignment_intervals set first_seen_day = strftime('%Y-%m-%d', first_seen_ms / 1000, 'unixepoch')`,
  );
  return changed;
}

async function storage(knex: ReturnType<typeof knexFactory>, engine: string) {
  const [{ n }] = await knex('activity_daily').count({ n: '*' });
  const rows = Number(n);
  let bytes: number;
  if (engine === 'postgres') {
    const r = await knex.raw(
      `select pg_total_relation_size('activity_daily') as b`,
    );
    bytes = Number(r.rows[0].b);
  } else {
    const r = await knex.raw(
      `select sum(pgsize) as b from dbstat where name in (select name from sqlite_master where tbl_name = 'activity_daily')`,
    );
    bytes = Number(r[0].b);
  }
  return { rows, bytes, perRow: bytes / rows };
}

async function main() {
  const peopleCount = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 9);
  const engines = (process.argv[4] ?? 'sqlite,postgres').split(',') as Array<
    'sqlite' | 'postgres'
  >;
  const lines: string[] = [];
  for (const engine of engines) {
    const db = await benchDatabase(engine);
    try {
      await applyDatabaseMigrations(db.knex);
      const started = performance.now();
      const counts = await fill(db.knex, peopleCount);
      const changed = await intervals(db.knex);
      if (engine === 'postgres') await db.knex.raw('vacuum analyze');
      console.log(
        `${engine}: filled in ${((performance.now() - started) / 1000).toFixed(
          1,
        )} s; activity_daily ${
          counts.activity_daily
        }, tier changes ${changed}; load ${load()}`,
      );
      const s = await storage(db.knex, engine);
      console.log(
        `${engine}: activity_daily ${s.rows} rows, ${(s.bytes / 1e6).toFixed(
          1,
        )} MB with indexes, ${s.perRow.toFixed(1)} bytes per row`,
      );
      lines.push(
        `| ${engine} | storage | activity_daily ${s.rows} rows | ${(
          s.bytes / 1e6
        ).toFixed(1)} MB | ${s.perRow.toFixed(1)} B/row | | |`,
      );
      const store = createWorkflowStore({ knex: db.knex });
      for (const w of WORKFLOWS) {
        const p: number[] = [];
        const b: number[] = [];
        let matched = 0;
        let regrets = 0;
        for (let i = 0; i < WARMUP + runs; i++) {
          let t = performance.now();
          await previewWorkflow(store, INSTANCE, w.definition, NOW);
          const pm = performance.now() - t;
          t = performance.now();
          const r = await backtestWorkflow(
            store,
            INSTANCE,
            w.definition,
            AS_OF,
            { limit: 1000, nowMs: NOW, historyStart: '2000-01-01' },
          );
          const bm = performance.now() - t;
          matched = r.total;
          regrets = r.wouldBeRegrets;
          if (i >= WARMUP) {
            p.push(pm);
            b.push(bm);
          }
        }
        p.sort((x, y) => x - y);
        b.sort((x, y) => x - y);
        const ratio = median(b) / median(p);
        const ok = engine !== 'postgres' || (ratio <= 3 && median(b) < 5000);
        const line = `| ${engine} | ${
          w.name
        } | ${matched} (${regrets} regrets) | ${median(p).toFixed(
          0,
        )} ms | ${median(b).toFixed(0)} / ${percentile(b, 95).toFixed(
          0,
        )} ms | ${ratio.toFixed(2)} | ${
          engine === 'postgres' ? (ok ? 'yes' : 'NO') : ''
        } |`;
        console.log(`${line}  load ${load()}`);
        lines.push(line);
      }
    } finally {
      await db.drop();
    }
  }
  console.log(
    '\n| engine | workflow | backtest matched | preview p50 | backtest p50 / p95 | ratio | PostgreSQL goal (<= 3x, < 5 s) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const l of lines) console.log(l);
  console.log(
    `\nas of ${AS_OF}; node ${process.version}, ${new Date().toISOString()}`,
  );
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    e => {
      console.error(String(e?.stack ?? e).slice(0, 3000));
      process.exit(1);
    },
  );
