import { TestDatabases } from '@backstage/backend-test-utils';
import {
  demoTicketApp,
  demoUserRef as ref,
  productivHomeTestApi,
} from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { markerOf } from './JsmTicketProvider';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../..');
const SECRET = 'jsm-webhook-secret';

/**
 * A backend is killed (SIGKILL) right after JSM stored the request it asked
 * for, before the answer reached it; a backend started on the same database
 * finishes the job. JSM then holds exactly one request for it, the request
 * records that one ticket once, and resolving it fulfils the request once.
 */
describe('a JSM request survives the death of the backend that asked for it', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  const children: ChildProcess[] = [];
  let sandbox: Sandbox;
  let tmp: string;

  beforeAll(async () => {
    clearProxyEnvironment();
    tmp = mkdtempSync(path.join(tmpdir(), 'jsm-kill-'));
    sandbox = await startSandbox({ activity: false });
    sandbox.state.desk.options.webhookSecret = SECRET;
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandbox.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function startBackend(
    knexConfig: Knex.Config,
  ): Promise<{ child: ChildProcess; baseUrl: string }> {
    const config = {
      connectors: {
        jiraServiceManagement: {
          host: sandbox.urls.jira,
          ...sandbox.credentials.jira,
          webhookSecret: SECRET,
        },
      },
      // A dead backend's job is taken over 3 seconds after its claim.
      productivHome: { jobs: { leaseSeconds: 3 } },
    };
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, '__testUtils__/jsmBackendProcess.ts'),
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          JSM_KILL_KNEX: JSON.stringify(knexConfig),
          JSM_KILL_CONFIG: JSON.stringify(config),
        },
      },
    );
    child.stderr!.on('data', d => process.stderr.write(d));
    children.push(child);
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', d => {
        const ready = /ready (\S+)/.exec(String(d));
        if (ready) resolve(ready[1]);
      });
      child.once('exit', code => reject(new Error(`backend exited ${code}`)));
    });
    return { child, baseUrl };
  }

  async function waitFor<T>(
    what: string,
    read: () => Promise<T>,
    ok: (v: T) => boolean,
    timeoutMs = 60_000,
  ): Promise<T> {
    const start = Date.now();
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() - start > timeoutMs) throw new Error(`Timed out: ${what}`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  const cases: Array<
    [string, () => Promise<{ knex: Knex; config: Knex.Config }>]
  > = [
    [
      'SQLite file',
      async () => {
        const config = {
          client: 'better-sqlite3',
          connection: { filename: path.join(tmp, 'kill.sqlite') },
          useNullAsDefault: true,
        };
        return { knex: knexFactory(config), config };
      },
    ],
  ];
  if (databases.eachSupportedId().some(([id]) => id === 'POSTGRES_15')) {
    cases.push([
      'PostgreSQL',
      async () => {
        const knex = await databases.init('POSTGRES_15');
        const config = {
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 4 },
        };
        return { knex, config };
      },
    ]);
  }

  it.each(cases)('on %s', async (name, open) => {
    const { knex, config } = await open();
    const desk = sandbox.state.desk;
    desk.requests.splice(0, desk.requests.length);
    const t0 = Date.now();
    const phase = (what: string) =>
      process.stdout.write(
        `[JSM create kill, ${name}] ${what} at ${Date.now() - t0} ms\n`,
      );

    const first = await startBackend(config);
    const api = productivHomeTestApi(first.baseUrl);
    await api(ref('alex.morgan'), 'PUT', '/apps/miro', demoTicketApp());
    // The first backend dies the moment JSM has stored its request (once
    // it has answered the employee), before JSM's answer reaches it.
    let killed: Promise<true> | undefined;
    const posted = api(ref('liam.patel'), 'POST', '/requests', {
      appKey: 'miro',
      tier: 'member',
      justification: 'Workshops',
    });
    desk.onCreated = async () => {
      await posted;
      killed = new Promise(r => first.child.once('exit', () => r(true)));
      first.child.kill('SIGKILL');
      await killed;
    };
    const request = await posted;
    await waitFor('the create reached JSM', async () => killed, Boolean);
    await killed;
    desk.onCreated = undefined;
    phase('JSM stored IT request, first backend killed before the answer');
    expect(desk.requests).toHaveLength(1);
    const [created] = desk.requests;
    const job = await knex('home_jobs').where({ type: 'fulfill' }).first();
    expect(job).toMatchObject({ status: 'running' });
    expect(Number(job.attempts)).toBe(1);
    expect(String(created.fields.summary)).toContain(`[${markerOf(job.key)}]`);
    const row = await knex('requests').where({ id: request.id }).first();
    expect(row).toMatchObject({ status: 'fulfilling', external_id: null });

    // A new backend on the same database takes the job over once the dead
    // one's lease ends, finds the request and opens none.
    const second = await startBackend(config);
    const api2 = productivHomeTestApi(second.baseUrl);
    desk.options.webhookUrl = `${second.baseUrl}/api/productiv-home/jira-service-management/webhook`;
    const ticketed = await waitFor(
      'the second backend records the JSM request',
      () => api2(ref('liam.patel'), 'GET', `/requests/${request.id}`),
      r => Boolean(r.fulfillment?.externalId),
    );
    phase(`second backend recorded ${ticketed.fulfillment.externalId}`);
    expect(ticketed.status).toBe('fulfilling');
    expect(ticketed.fulfillment.externalId).toBe(created.issueKey);
    expect(desk.requests).toHaveLength(1);
    const done = await waitFor(
      'the job succeeds',
      () => knex('home_jobs').where({ id: job.id }).first(),
      j => j.status === 'succeeded',
    );
    expect(Number(done.attempts)).toBe(2);

    // IT resolves it: the signed webhook fulfils the request, once.
    await desk.transition(created.issueKey, 'Resolved', 'DONE');
    const fulfilled = await waitFor(
      'the request is fulfilled',
      () => api2(ref('liam.patel'), 'GET', `/requests/${request.id}`),
      r => r.status !== 'fulfilling',
    );
    phase('resolved in JSM, request fulfilled');
    expect(fulfilled.status).toBe('fulfilled');
    const events = await knex('request_events')
      .where({ request_id: request.id })
      .orderBy('id');
    expect(events.filter(e => e.type === 'ticket-opened')).toHaveLength(1);
    expect(events.filter(e => e.type === 'fulfilled')).toHaveLength(1);
    expect(desk.requests).toHaveLength(1);

    const exited = new Promise(r => second.child.once('exit', r));
    second.child.kill('SIGKILL');
    await exited;
    if (name === 'SQLite file') await knex.destroy();
  });
});
