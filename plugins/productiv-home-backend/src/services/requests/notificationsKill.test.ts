import { TestDatabases } from '@backstage/backend-test-utils';
import { JobStore } from '@internal/durable-jobs';
import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { NOTIFICATION_JOB } from './requestJobs';
import { RequestUseCases } from './RequestUseCases';
import {
  KillTestChildren,
  killTestDatabases,
  waitFor,
} from './__testUtils__/killTest';

jest.setTimeout(120_000);

const REQUESTS = 20;
const LEASE_MS = 1500;

const figma: HomeApp = {
  appKey: 'figma',
  name: 'Figma',
  description: 'Design tool',
  category: 'Design',
  tiers: ['editor'],
  owners: [],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }],
  },
  fulfillment: 'manual',
};

const settings: HomeSettings = {
  approvalMethod: 'email',
  defaultApprovers: [],
  reminderHours: [],
  justificationRequired: false,
};

type Delivery = {
  worker: string;
  scope: string;
  recipients: { type: string; entityRef: string[] };
  title: string;
};

/**
 * A backend dies (SIGKILL) with 20 request notifications queued, the
 * notifications backend hanging on the four it was sending; the next one
 * delivers eight and dies too, four more in flight; a third delivers the
 * rest. Each notification reaches the notifications backend exactly once.
 */
describe('request notifications survive the death of the backend sending them', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let tmp: string;
  const children = new KillTestChildren();

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'ph-notify-kill-'));
  });
  afterAll(() => {
    children.killAll();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function startWorker(
    knexConfig: Knex.Config,
    deliveries: string,
    worker: string,
    deliver?: number,
  ): Promise<ChildProcess> {
    return children.start(
      path.join(__dirname, '__testUtils__/notificationsWorker.ts'),
      {
        PH_KNEX: JSON.stringify(knexConfig),
        PH_DELIVERIES: deliveries,
        PH_WORKER: worker,
        PH_LEASE_MS: String(LEASE_MS),
        ...(deliver === undefined ? {} : { PH_DELIVER: String(deliver) }),
      },
    );
  }

  const kill = (child: ChildProcess) => children.kill(child);
  const cases = killTestDatabases(databases, () => tmp);

  it.each(cases)('on %s', async (name, open) => {
    const { knex, config } = await open();
    const deliveries = path.join(tmp, `${name.replace(/\W/g, '')}.jsonl`);
    const t0 = Date.now();
    const phase = (what: string) =>
      process.stdout.write(
        `[notifications kill, ${name}] ${what} at ${Date.now() - t0} ms\n`,
      );

    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const { requests: store, apps } = ProductivHomeDatabase.stores(knex, jobs);
    await apps.putApp(figma, 'user:default/alex', Date.now());
    const useCases = new RequestUseCases({
      store,
      apps,
      people: {
        managerOf: async u => u.replace('person', 'manager'),
        isReachable: async () => true,
        membersOf: async () => [],
        groupsOf: async () => [],
      },
      settings: async () => settings,
    });
    const notificationJobs = async () =>
      (await jobs.list({ type: NOTIFICATION_JOB, limit: 100 })).items;
    const count = async (status: string, worker?: string) =>
      (await notificationJobs()).filter(
        j => j.status === status && (!worker || j.lockedBy === worker),
      ).length;
    const delivered = (): Delivery[] =>
      existsSync(deliveries)
        ? readFileSync(deliveries, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map(line => JSON.parse(line))
        : [];

    // Twenty requests, each notifying its approver: twenty queued.
    const requested = [];
    for (let i = 0; i < REQUESTS; i++) {
      requested.push(
        await useCases.submit(
          { appKey: 'figma', tier: 'editor' },
          { requester: `user:default/person-${i}` },
        ),
      );
    }
    expect(await count('queued')).toBe(REQUESTS);
    // The first backend starts sending while the notifications backend hangs.
    const first = await startWorker(config, deliveries, 'first', 0);
    phase('20 queued, first started');
    await waitFor('four sends in flight', async () => {
      return (await count('running', 'first')) === 4;
    });
    expect(await count('queued')).toBe(REQUESTS - 4);
    phase('none delivered, 4 in flight: first killed');
    await kill(first);
    expect(delivered()).toEqual([]);

    // The second delivers eight, then hangs on four more and is killed.
    const second = await startWorker(config, deliveries, 'second', 8);
    await waitFor('eight delivered, four in flight', async () => {
      return (
        (await count('succeeded')) === 8 &&
        (await count('running', 'second')) === 4
      );
    });
    phase('8 delivered, 4 in flight: second killed');
    await kill(second);
    expect(delivered()).toHaveLength(8);

    // The third delivers the rest, the killed ones' once their leases end.
    const third = await startWorker(config, deliveries, 'third');
    await waitFor('all delivered', async () => {
      return (await count('succeeded')) === REQUESTS;
    });
    phase('all delivered');
    // Nothing is sent again, lease ends included.
    await new Promise(r => setTimeout(r, 2 * LEASE_MS));
    await kill(third);
    phase('third stopped');

    const sent = delivered();
    expect(sent).toHaveLength(REQUESTS);
    expect(sent.map(d => d.scope).sort()).toEqual(
      requested.map(r => `request:${r.id}`).sort(),
    );
    for (const [i, r] of requested.entries()) {
      expect(sent.find(d => d.scope === `request:${r.id}`)).toMatchObject({
        recipients: {
          type: 'entity',
          entityRef: [`user:default/manager-${i}`],
        },
        title: `Approve Figma Editor for person-${i}?`,
      });
    }
    expect(sent.filter(d => d.worker === 'second')).toHaveLength(8);
    expect(sent.filter(d => d.worker === 'third')).toHaveLength(12);
    const finished = await notificationJobs();
    expect(finished.map(j => j.status)).toEqual(
      Array(REQUESTS).fill('succeeded'),
    );
    // Claims: 4 by the first, 12 by the second, the other 12 by the third.
    expect(finished.reduce((n, j) => n + j.attempts, 0)).toBe(28);
    if (name === 'SQLite file') await knex.destroy();
  });
});
