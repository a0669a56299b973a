import { TestDatabases } from '@backstage/backend-test-utils';
import { startSandbox, Sandbox } from '@internal/sandbox';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import {
  adminCredentials,
  createWorkflowHarness,
} from './__testUtils__/workflowHarness';

jest.setTimeout(600_000);

const END = Date.parse('2026-11-01T00:00:00.000Z');
const PEOPLE = 5_000;
const ROOT = path.resolve(__dirname, '../../../..');

/**
 * A backend dies (SIGKILL) in the middle of a workflow run over 5,000
 * people; another one finishes the run. Each person is changed in Okta
 * exactly once and recorded done exactly once.
 */
describe('a workflow run survives the death of the backend running it', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let sandbox: Sandbox;
  const clock = END + 3600_000;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'wf-kill-'));
    sandbox = await startSandbox({
      activity: false,
      now: () => clock,
      oktaRateLimitPerMinute: 1_000_000,
    });
  });
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandbox.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  function startWorker(knexConfig: Knex.Config): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, '__testUtils__/workerProcess.ts'),
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          WF_KNEX: JSON.stringify(knexConfig),
          WF_OKTA_URL: sandbox.urls.okta,
          WF_OKTA_TOKEN: sandbox.credentials.okta.token,
          WF_LEASE_MS: '3000',
          WF_NOW: String(clock),
        },
      },
    );
    child.stderr!.on('data', d => process.stderr.write(d));
    children.push(child);
    return child;
  }

  async function waitFor(
    what: string,
    check: () => Promise<boolean>,
    timeoutMs = 240_000,
  ) {
    const start = Date.now();
    while (!(await check())) {
      if (Date.now() - start > timeoutMs) throw new Error(`Timed out: ${what}`);
      await new Promise(r => setTimeout(r, 25));
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

  it.each(cases)('on %s', async (_name, open) => {
    const { knex, config } = await open();
    const dir = sandbox.state.directory;
    const figma = [...dir.apps.values()].find(a => a.label === 'Figma')!;
    const editor = [...dir.groups.values()].find(
      g => g.profile.name === 'Figma Editor',
    )!;
    const prefix = `kill${Date.now()}`;
    const people = dir.addSyntheticUsers(PEOPLE, {
      groupId: editor.id,
      prefix,
    });
    const t0 = Date.now();
    const phase = (name: string) =>
      process.stdout.write(`[kill test] ${name} at ${Date.now() - t0} ms\n`);
    const h = await createWorkflowHarness({ knex, sandbox, now: () => clock });
    await h.sync.run();
    await h.ingest.run();
    phase('synced');
    await h.service.saveWorkflow(
      figma.id,
      {
        rules: [
          {
            name: 'Never signed in',
            condition: { type: 'neverSignedIn', days: 30 },
            outcome: { action: 'deprovision' },
          },
        ],
        newHireDays: 0,
        notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
        mode: 'automatic',
      },
      { credentials: adminCredentials },
    );
    // The synthetic people never signed in; the demo's inactive ones neither.
    const preview = await h.service.preview(figma.id, undefined, {
      credentials: adminCredentials,
      limit: 0,
    });
    expect(preview.total).toBeGreaterThanOrEqual(PEOPLE);
    const writesBefore = dir.writes.length;
    // Slow Okta down a little and make it fail now and then.
    sandbox.state.faults.set('okta', {
      delayRate: 1,
      delayMs: 3,
      rate500: 0.03,
      paths: ['/api/v1/groups/'],
    });

    const run = await h.service.startRun(
      figma.id,
      { dryRun: false },
      { credentials: adminCredentials },
    );
    const done = async () =>
      Number(
        (
          await knex('workflow_actions')
            .where({ run_id: run.id, status: 'done' })
            .count({ n: '*' })
        )[0].n,
      );

    // The first backend plans and starts; it is killed a fifth of the way in.
    phase('run started');
    const first = startWorker(config);
    await waitFor('a fifth done', async () => (await done()) >= PEOPLE / 5);
    phase('first killed');
    first.kill('SIGKILL');
    await new Promise(r => first.once('exit', r));
    const atKill = await done();
    expect(atKill).toBeLessThan(preview.total);

    // A second backend takes over and is killed too; a third finishes.
    const second = startWorker(config);
    await waitFor(
      'three fifths done',
      async () => (await done()) >= (3 * PEOPLE) / 5,
    );
    phase('second killed');
    second.kill('SIGKILL');
    await new Promise(r => second.once('exit', r));
    await h.drain();
    await waitFor('the run finished', async () => {
      await h.drain();
      return (await h.store.getRun(run.id))!.status === 'succeeded';
    });
    sandbox.state.faults.reset();
    phase('finished');

    const final = (await h.store.getRun(run.id))!;
    expect(final.counts).toEqual({ done: preview.total });
    // Exactly one effective change per person, whatever was retried.
    const removals = new Map<string, number>();
    for (const w of dir.writes.slice(writesBefore)) {
      // Group holders leave the group; people assigned directly are unassigned.
      if (
        (w.kind === 'group.user.remove' || w.kind === 'app.user.unassign') &&
        w.changed
      ) {
        removals.set(w.userId, (removals.get(w.userId) ?? 0) + 1);
      }
    }
    expect(removals.size).toBe(preview.total);
    expect([...removals.values()].every(n => n === 1)).toBe(true);
    for (const id of people)
      expect(dir.members.get(editor.id)!.has(id)).toBe(false);
    // Recorded done once each in the audit events.
    const [{ n }] = await knex('workflow_events')
      .where({ run_id: run.id, type: 'action.done' })
      .count({ n: '*' });
    expect(Number(n)).toBe(preview.total);
    if (!config.client || config.client === 'better-sqlite3')
      await knex.destroy();
  });
});
