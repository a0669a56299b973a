/* eslint-disable no-console */
/**
 * Benchmark: p99 latency at 32 concurrent clients of the Productiv Home
 * catalog listing (GET /api/productiv-home/catalog) and of request creation
 * (POST /api/productiv-home/requests), each divided by the p99 of the
 * catalog plugin's GET /api/catalog/entities/by-name/user/default/<name> on
 * the same backend in the same run. 500 apps in Home, N users (default
 * 10,000) in the catalog. Goal: ratio 1.5 or less. On SQLite and PostgreSQL.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/home-api.ts [users] [requests]
 */
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { percentile } from './db';

const USERS = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 2_000);
const APPS = 500;
const CONCURRENCY = 32;
const TEAM = 12;

function userEntity(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: `person${i}`,
      namespace: 'default',
      annotations: Object.fromEntries(
        i % TEAM === 0
          ? []
          : [['productiv.io/manager', `user:default/person${i - (i % TEAM)}`]],
      ) as Record<string, string>,
    },
    spec: {
      profile: { email: `person${i}@bench.test`, displayName: `Person ${i}` },
      memberOf: [],
    },
  };
}

/** Writes the users to a catalog file that the catalog loads as a location. */
function writeUsersFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-users-'));
  const file = path.join(dir, 'users.yaml');
  writeFileSync(
    file,
    Array.from({ length: USERS }, (_, i) => JSON.stringify(userEntity(i))).join(
      '\n---\n',
    ),
  );
  return file;
}

async function load(
  base: string,
  total: number,
  make: (i: number) => { path: string; init?: RequestInit; who: string },
  expectStatus: number,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const { path, init, who } = make(i);
      const started = performance.now();
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          ...(init?.headers ?? {}),
          authorization: mockCredentials.user.header(who),
        },
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      if (res.status !== expectStatus)
        throw new Error(`${path}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies.sort((a, b) => a - b);
}

async function run(kind: 'sqlite' | 'postgres') {
  const usersFile = writeUsersFile();
  let dropDatabases: (() => Promise<void>) | undefined;
  let database: object = { client: 'better-sqlite3', connection: ':memory:' };
  if (kind === 'postgres') {
    const url =
      process.env.BENCH_POSTGRES_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres';
    const prefix = `bench_${randomBytes(4).toString('hex')}_`;
    database = { client: 'pg', connection: url, prefix };
    dropDatabases = async () => {
      const admin = knexFactory({ client: 'pg', connection: url });
      const { rows } = await admin.raw(
        'SELECT datname FROM pg_database WHERE datname LIKE ?',
        [`${prefix}%`],
      );
      for (const r of rows)
        await admin.raw(`DROP DATABASE "${r.datname}" WITH (FORCE)`);
      await admin.destroy();
    };
  }
  const { server } = await startTestBackend({
    features: [
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { database },
          catalog: {
            rules: [{ allow: ['User', 'Group', 'Location'] }],
            // Process each entity once, not again while measuring: the
            // catalog's refresh of 10,000 users would otherwise stall the
            // process at random moments (better-sqlite3 is synchronous).
            processingInterval: { minutes: 60 },
            locations: [{ type: 'file', target: usersFile }],
          },
          productivHome: { adminGroups: [] },
        },
      }),
      schedulerServiceFactory,
      ...(process.env.BENCH_VERBOSE
        ? [mockServices.rootLogger.factory({ level: 'info' })]
        : []),
      import('@backstage/plugin-catalog-backend'),
      import('@backstage/plugin-notifications-backend'),
      import('../plugins/productiv-home-backend/src'),
      import('../plugins/provisioning-workflows-backend/src'),
    ],
  });
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;
  try {
    // Wait until the catalog has stitched every user.
    const started = Date.now();
    for (;;) {
      const res = await fetch(
        `${base}/api/catalog/entities/by-query?filter=kind=user&limit=1`,
        {
          headers: { authorization: mockCredentials.user.header() },
        },
      );
      const body = await res.json();
      if (process.env.BENCH_VERBOSE)
        console.log(
          `catalog: ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
        );
      if (body.totalItems >= USERS) break;
      if (Date.now() - started > 15 * 60_000)
        throw new Error(`catalog has ${body.totalItems} of ${USERS} users`);
      await new Promise(r => setTimeout(r, 2000));
    }
    const loadSeconds = (Date.now() - started) / 1000;

    // 500 apps in Home, approved by the manager.
    const admin = mockCredentials.user.header('user:default/person0');
    for (let a = 0; a < APPS; a++) {
      const res = await fetch(`${base}/api/productiv-home/apps/app${a}`, {
        method: 'PUT',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `App ${a}`,
          description: `Application number ${a}`,
          category: `Category ${a % 12}`,
          tiers: ['basic', 'pro'],
          owners: [],
          approval: {
            required: 'everyone',
            exceptGroups: [],
            levels: [{ type: 'manager' }],
          },
          fulfillment: 'manual',
        }),
      });
      if (res.status !== 200)
        throw new Error(`PUT app${a}: ${res.status} ${await res.text()}`);
    }

    // Team leads have no manager: the fallback approver takes their requests.
    const settingsRes = await fetch(`${base}/api/productiv-home/settings`, {
      method: 'PUT',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        approvalMethod: 'email',
        defaultApprovers: [{ type: 'manager' }],
        fallbackApprover: 'user:default/person0',
        reminderHours: [24],
        justificationRequired: false,
      }),
    });
    if (settingsRes.status !== 200)
      throw new Error(`PUT settings: ${settingsRes.status}`);

    const who = (i: number) => `user:default/person${1 + (i % (USERS - 1))}`;
    const warm = (n: number) => Math.min(n, 100);
    await load(
      base,
      warm(REQUESTS),
      i => ({
        path: `/api/catalog/entities/by-name/user/default/person${i % USERS}`,
        who: who(i),
      }),
      200,
    );
    // Each endpoint gets the same warm-up as the baseline: 100 calls that
    // are not measured (first-use work: caches, prepared paths, JIT). Then
    // the phases run back to back, each starting the same way: 32 clients
    // at once, right after the previous phase.
    await load(
      base,
      warm(REQUESTS),
      i => ({ path: '/api/productiv-home/catalog', who: who(i) }),
      200,
    );
    await load(
      base,
      warm(REQUESTS),
      i => ({
        path: '/api/productiv-home/requests',
        who: who(i),
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            appKey: `app${APPS - 1}`,
            tier: 'pro',
            justification: 'warm-up',
          }),
        },
      }),
      201,
    );
    // Let the warm-up's background work (notifications) finish.
    await new Promise(r => setTimeout(r, 3000));
    const baseline = await load(
      base,
      REQUESTS,
      i => ({
        path: `/api/catalog/entities/by-name/user/default/person${
          (i * 7) % USERS
        }`,
        who: who(i),
      }),
      200,
    );
    const catalog = await load(
      base,
      REQUESTS,
      i => ({ path: '/api/productiv-home/catalog', who: who(i) }),
      200,
    );
    const peers = await load(
      base,
      REQUESTS,
      i => ({ path: '/api/productiv-home/catalog/peers', who: who(i) }),
      200,
    );
    const create = await load(
      base,
      REQUESTS,
      i => ({
        path: '/api/productiv-home/requests',
        who: who(i),
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            appKey: `app${Math.floor(i / (USERS - 1)) % APPS}`,
            tier: 'basic',
            justification: 'bench',
          }),
        },
      }),
      201,
    );
    const p99 = (l: number[]) => percentile(l, 99);
    console.log(
      `${kind}: ${USERS} users (catalog loaded in ${loadSeconds.toFixed(
        0,
      )} s), ${APPS} apps, ${REQUESTS} calls each at ${CONCURRENCY} concurrent clients\n` +
        `  baseline GET /api/catalog/entities/by-name: p50 ${percentile(
          baseline,
          50,
        ).toFixed(1)} ms, p99 ${p99(baseline).toFixed(1)} ms\n` +
        `  GET /api/productiv-home/catalog: p50 ${percentile(
          catalog,
          50,
        ).toFixed(1)} ms, p99 ${p99(catalog).toFixed(1)} ms, ratio ${(
          p99(catalog) / p99(baseline)
        ).toFixed(2)}\n` +
        `  GET /api/productiv-home/catalog/peers (first visit of each person): p50 ${percentile(
          peers,
          50,
        ).toFixed(1)} ms, p99 ${p99(peers).toFixed(1)} ms, ratio ${(
          p99(peers) / p99(baseline)
        ).toFixed(2)}\n` +
        `  POST /api/productiv-home/requests: p50 ${percentile(
          create,
          50,
        ).toFixed(1)} ms, p95 ${percentile(create, 95).toFixed(
          1,
        )} ms, p99 ${p99(create).toFixed(1)} ms, ratio ${(
          p99(create) / p99(baseline)
        ).toFixed(2)}`,
    );
  } finally {
    await server.close?.();
    await dropDatabases?.();
  }
}

async function main() {
  // BENCH_DB=sqlite or postgres runs one database only.
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!process.env.BENCH_DB || process.env.BENCH_DB === kind) await run(kind);
  }
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
