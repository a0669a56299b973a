/* eslint-disable no-console */
/**
 * Benchmark: a provisioning workflow run that changes N people (default
 * 10,000) executes against the sandbox's Okta, whose rate limit is L calls a
 * minute (default 3,000), on SQLite and PostgreSQL. The whole backend plugin
 * runs (startTestBackend, the real scheduler, durable jobs, 4 action jobs at
 * a time as configured by default) with the Okta module, whose executor is
 * paced by @internal/okta-connector. Measured on the sandbox's side: Okta
 * calls a minute while the run executes, the ratio to the limit (goal: 0.9
 * or more), 429 answers (goal: none), and each person changed exactly once
 * (the sandbox's writes and memberships).
 *
 * The run deprovisions (one Okta call a person: leave the tier's group) or,
 * with `downgrade`, moves people from Figma's Editor tier to Viewer (two
 * calls: join the new group, leave the old one).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/workflow-execution.ts [people] [limitPerMinute] [sqlite,postgres] [deprovision|downgrade]
 *
 * BENCH_SQL_STATS=1 also prints the statements that took the most time.
 * BENCH_SQLITE_JOURNAL=wal puts the SQLite file in WAL mode; by default it
 * keeps SQLite's rollback journal, as the file-per-plugin SQLite of
 * app-config.yaml does. better-sqlite3 runs every statement on the event
 * loop, so each commit's fsync stops the whole process (the plugin, its
 * Okta calls and the sandbox) while it lasts.
 *
 * Each run also prints the process's event-loop utilisation and CPU while
 * the run executes, and the machine's load average, to tell a slow code
 * path from a machine the other work on it leaves no room on.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { demoUserEntities, startSandbox } from '../packages/sandbox/src';
import provisioningWorkflowsPlugin from '../plugins/provisioning-workflows-backend/src';
import provisioningWorkflowsModuleOkta from '../plugins/provisioning-workflows-backend-module-okta/src';
import { benchDatabase } from './db';

const PEOPLE = Number(process.argv[2] ?? 10_000);
const LIMIT = Number(process.argv[3] ?? 3_000);
const KINDS = (process.argv[4] ?? 'sqlite,postgres').split(',') as Array<
  'sqlite' | 'postgres'
>;
const ACTION = (process.argv[5] ?? 'deprovision') as
  | 'deprovision'
  | 'downgrade';
const ADMIN = 'user:default/productiv-admin';
const SQLITE_JOURNAL = process.env.BENCH_SQLITE_JOURNAL;
if (
  SQLITE_JOURNAL &&
  !/^(delete|truncate|persist|memory|wal|off)$/i.test(SQLITE_JOURNAL)
)
  throw new Error(
    `BENCH_SQLITE_JOURNAL=${SQLITE_JOURNAL} is no SQLite journal mode`,
  );

type Result = {
  kind: string;
  people: number;
  calls: number;
  limited: number;
  executionSeconds: number;
  runSeconds: number;
  perMinute: number;
  busiestWindow: number;
  changedOnce: number;
  changedTwice: number;
  /** People not in the state the change leads to (still holding the license or tier). */
  notChanged: number;
  /** SQLite's journal mode, for SQLite. */
  journal?: string;
  /** Share of the run's time the event loop was busy, and CPU used (cores). */
  eventLoop: number;
  cpuCores: number;
  loadBefore: number[];
  loadAfter: number[];
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function runOn(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const sandbox = await startSandbox({
    activity: false,
    oktaRateLimitPerMinute: 1_000_000,
  });
  // Every call the Okta slice answers, and whether the limit let it through.
  const calls: Array<{ at: number; allowed: boolean }> = [];
  const rateLimit = sandbox.state.rateLimit;
  const take = rateLimit.take.bind(rateLimit);
  rateLimit.take = (now = Date.now()) => {
    const answer = take(now);
    calls.push({ at: now, allowed: answer.allowed });
    return answer;
  };
  const db = await benchDatabase(kind);
  let journal: string | undefined;
  if (kind === 'sqlite') {
    if (SQLITE_JOURNAL)
      await db.knex.raw(`PRAGMA journal_mode = ${SQLITE_JOURNAL}`);
    const [row] = await db.knex.raw('PRAGMA journal_mode');
    journal = String(row.journal_mode);
  }
  // BENCH_SQL_STATS=1: the statements that took the most time, at the end.
  const sqlStats = new Map<string, { n: number; ms: number }>();
  if (process.env.BENCH_SQL_STATS) {
    const started = new Map<string, number>();
    db.knex.on('query', q => started.set(q.__knexQueryUid, performance.now()));
    db.knex.on('query-response', (_r, q) => {
      const t = started.get(q.__knexQueryUid);
      started.delete(q.__knexQueryUid);
      if (t === undefined) return;
      const s = sqlStats.get(q.sql) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t;
      sqlStats.set(q.sql, s);
    });
  }
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    backend = await startTestBackend({
      features: [
        provisioningWorkflowsPlugin,
        provisioningWorkflowsModuleOkta,
        mockServices.rootConfig.factory({
          data: {
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
            },
            provisioningWorkflows: {
              schedules: {
                inventorySync: {
                  frequency: { trigger: 'manual' },
                  timeout: { minutes: 10 },
                },
                activityIngest: {
                  frequency: { trigger: 'manual' },
                  timeout: { minutes: 10 },
                },
              },
            },
          },
        }),
        mockServices.database.factory({
          knex: db.knex,
          migrations: { skip: false },
        }),
        schedulerServiceFactory,
        mockServices.rootLogger.factory({ level: 'warn' }),
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    const server = backend.server;
    const api = async (
      method: 'get' | 'put' | 'post',
      path: string,
      body?: object,
    ) => {
      const r = request(server)
        [method](`/api/provisioning-workflows${path}`)
        .set('Authorization', mockCredentials.user.header(ADMIN));
      const res = await (body ? r.send(body) : r);
      if (res.status >= 400)
        throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
      return res.body;
    };
    const sync = async (what: 'inventory' | 'activity') => {
      const runKind =
        what === 'inventory' ? 'inventory-sync' : 'activity-ingest';
      const before = (await api('get', `/runs?kind=${runKind}&limit=50`)).items
        .length;
      await api('post', `/sync/${what}`);
      for (;;) {
        const items = (await api('get', `/runs?kind=${runKind}&limit=50`))
          .items;
        const last = items[0];
        if (items.length > before && last.status !== 'running') {
          if (last.status !== 'succeeded')
            throw new Error(`${what} sync: ${JSON.stringify(last)}`);
          return;
        }
        await sleep(200);
      }
    };
    const definition = {
      rules: [
        {
          name: 'Never signed in',
          condition: { type: 'neverSignedIn', days: 30 },
          ...(ACTION === 'downgrade'
            ? {
                tiers: ['editor'],
                outcome: { action: 'downgrade', toTier: 'viewer' },
              }
            : { outcome: { action: 'deprovision' } }),
        },
      ],
      newHireDays: 0,
      notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
      mode: 'automatic',
    };
    const preview = async (instanceId: string) =>
      (
        await api('post', `/workflows/${instanceId}/preview?limit=0`, {
          definition,
        })
      ).total as number;

    // Figma's holders: the demo's (nobody signs in: activity is off) and
    // synthetic people in its Editor group, N in all.
    const dir = sandbox.state.directory;
    const figma = [...dir.apps.values()].find(a => a.label === 'Figma')!;
    const group = (name: string) =>
      [...dir.groups.values()].find(g => g.profile.name === name)!;
    const editor = group('Figma Editor');
    const viewer = group('Figma Viewer');
    await sync('inventory');
    await sync('activity');
    const demoHolders = await preview(figma.id);
    dir.addSyntheticUsers(PEOPLE - demoHolders, {
      groupId: editor.id,
      prefix: `bench-${kind}`,
    });
    await sync('inventory');
    await api('put', `/workflows/${figma.id}`, definition);
    const selected = await preview(figma.id);
    if (selected !== PEOPLE)
      throw new Error(`the preview selects ${selected}, not ${PEOPLE}`);
    const holders = new Set(
      ACTION === 'downgrade'
        ? dir.members.get(editor.id)!
        : dir.appUsers(figma.id).map((u: { userId: string }) => u.userId),
    );
    if (holders.size !== PEOPLE)
      throw new Error(`${holders.size} people to change, not ${PEOPLE}`);

    // The run starts on a window's boundary, at the limit under test.
    rateLimit.limit = LIMIT;
    await sleep(60_000 - (Date.now() % 60_000) + 20);
    const writesBefore = dir.writes.length;
    const callsBefore = calls.length;
    const started = Date.now();
    const loadBefore = os.loadavg();
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const run = await api('post', `/workflows/${figma.id}/runs`, {
      dryRun: false,
    });
    let status = run.status;
    let lastPrint = 0;
    while (status !== 'succeeded' && status !== 'failed') {
      await sleep(500);
      const current = await api('get', `/workflow-runs/${run.id}`);
      status = current.status;
      if (Date.now() - lastPrint > 30_000) {
        lastPrint = Date.now();
        console.log(
          `  ${kind}: ${Math.round((Date.now() - started) / 1000)} s, ${
            calls.length - callsBefore
          } Okta calls, ${JSON.stringify(current.counts)}`,
        );
      }
    }
    const runSeconds = (Date.now() - started) / 1000;
    const eventLoop = performance.eventLoopUtilization(elu).utilization;
    const cpuUsed = process.cpuUsage(cpu);
    const cpuCores = (cpuUsed.user + cpuUsed.system) / 1e3 / (runSeconds * 1e3);
    const loadAfter = os.loadavg();
    for (const [sql, st] of [...sqlStats.entries()]
      .sort((x, y) => y[1].ms - x[1].ms)
      .slice(0, 12))
      console.log(`  ${Math.round(st.ms)} ms, ${st.n}x: ${sql.slice(0, 220)}`);
    if (status !== 'succeeded') throw new Error(`the run ended ${status}`);

    const during = calls.slice(callsBefore);
    const first = during[0].at;
    const last = during[during.length - 1].at;
    const executionSeconds = (last - first) / 1000;
    const perWindow = new Map<number, number>();
    for (const c of during) {
      const w = Math.floor(c.at / 60_000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    // Each person's effective writes: exactly the expected ones, once each
    // (a deprovision leaves the group the license comes from, or unassigns a
    // direct assignment).
    const changes = new Map<string, string[]>();
    for (const w of dir.writes.slice(writesBefore)) {
      if (!w.changed) continue;
      const list = changes.get(w.userId) ?? [];
      list.push(`${w.kind} ${w.targetId}`);
      changes.set(w.userId, list);
    }
    const once = (list: string[]) =>
      ACTION === 'downgrade'
        ? list.length === 2 &&
          list.includes(`group.user.add ${viewer.id}`) &&
          list.includes(`group.user.remove ${editor.id}`)
        : list.length === 1 &&
          /^(group\.user\.remove|app\.user\.unassign) /.test(list[0]);
    const notChanged = [...holders].filter(id =>
      ACTION === 'downgrade'
        ? dir.members.get(editor.id)!.has(id) ||
          !dir.members.get(viewer.id)!.has(id)
        : dir.appUsers(figma.id).some(u => u.userId === id),
    ).length;
    return {
      kind,
      people: PEOPLE,
      calls: during.length,
      limited: during.filter(c => !c.allowed).length,
      executionSeconds,
      runSeconds,
      perMinute: during.length / (executionSeconds / 60),
      busiestWindow: Math.max(...perWindow.values()),
      changedOnce: [...changes.entries()].filter(
        ([id, list]) => holders.has(id) && once(list),
      ).length,
      changedTwice: [...changes.entries()].filter(
        ([id, list]) => !holders.has(id) || !once(list),
      ).length,
      notChanged,
      journal,
      eventLoop,
      cpuCores,
      loadBefore,
      loadAfter,
    };
  } finally {
    await backend?.stop();
    await sandbox.stop();
    await db.drop();
  }
}

async function main() {
  for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
    delete process.env[v];
  const results: Result[] = [];
  for (const kind of KINDS) {
    console.log(
      `${kind}: ${ACTION} ${PEOPLE} people, Okta limit ${LIMIT}/min${
        kind === 'sqlite' ? `, journal ${SQLITE_JOURNAL ?? 'default'}` : ''
      }`,
    );
    const r = await runOn(kind);
    results.push(r);
    console.log(
      `${kind}: ${r.calls} Okta calls in ${r.executionSeconds.toFixed(
        1,
      )} s of execution (run ${r.runSeconds.toFixed(1)} s): ${Math.round(
        r.perMinute,
      )} calls/min, ratio to ${LIMIT}: ${(r.perMinute / LIMIT).toFixed(
        3,
      )}; busiest window ${r.busiestWindow}; 429 answers: ${
        r.limited
      }; people changed exactly once: ${r.changedOnce} of ${
        r.people
      }, changed otherwise: ${r.changedTwice}, not in the new state: ${
        r.notChanged
      }`,
    );
    const load = (l: number[]) => l.map(x => x.toFixed(2)).join(' ');
    console.log(
      `${kind}: ${
        r.journal ? `journal mode ${r.journal}; ` : ''
      }event loop busy ${(r.eventLoop * 100).toFixed(0)}% of the run, CPU ${(
        r.cpuCores * 100
      ).toFixed(0)}% of a core; load average ${load(
        r.loadBefore,
      )} before, ${load(r.loadAfter)} after (${os.cpus().length} cores)`,
    );
  }
  const ok = results.every(
    r =>
      r.perMinute / LIMIT >= 0.9 &&
      r.limited === 0 &&
      r.changedOnce === r.people &&
      r.changedTwice === 0 &&
      r.notChanged === 0,
  );
  console.log(
    `goal (ratio >= 0.9, no 429, each person changed exactly once): ${
      ok ? 'met' : 'NOT met'
    }\nnode ${process.version}, ${new Date().toISOString()}`,
  );
  process.exit(ok ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
