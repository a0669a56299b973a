import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  loadOrg,
  Sandbox,
  startSandbox,
  usageFromLog,
} from '@internal/sandbox';
import { dayOf } from '../database/util';
import { ActivityIngest } from './inventory/ActivityIngest';
import { createSyncAndIngest } from './__testUtils__/workflowHarness';

jest.setTimeout(180_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');

describe('inventory sync and activity ingest against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;
  let clock = END + 3600_000;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false, now: () => clock });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  async function setup(
    databaseId: TestDatabaseId,
    settings: Partial<
      ConstructorParameters<typeof ActivityIngest>[0]['settings']
    > = {},
  ) {
    const knex = await databases.init(databaseId);
    const { stores, sync, ingest } = await createSyncAndIngest({
      knex,
      sandbox,
      now: () => clock,
      settings,
    });
    return { knex, ...stores, sync, ingest };
  }

  async function expectUsageToEqualSandbox(
    activity: Awaited<ReturnType<typeof setup>>['activity'],
  ) {
    const truth = usageFromLog(sandbox.state.log, { now: clock });
    const stored = await activity.usage();
    expect(stored).toHaveLength(truth.length);
    const byKey = new Map(
      stored.map(s => [`${s.oktaUserId}|${s.instanceId}`, s]),
    );
    for (const t of truth) {
      const s = byKey.get(`${t.userId}|${t.appId}`);
      expect({
        key: `${t.userId}|${t.appId}`,
        last: s && new Date(s.lastSignInMs).toISOString(),
        days: s?.days,
      }).toEqual({
        key: `${t.userId}|${t.appId}`,
        last: t.lastSignIn,
        days: t.days,
      });
    }
    return truth;
  }

  it.each(databases.eachSupportedId())(
    'syncs, ingests 30 days user by user, changes nothing the second time, counts late events once (%p)',
    async databaseId => {
      clock = END + 3600_000;
      sandbox.generateActivity({ days: 30, end: END });
      const { knex, sync, ingest, inventory, activity, runs } = await setup(
        databaseId,
      );

      const first = await sync.run();
      expect(first.stats).toMatchObject({
        appsRead: 9,
        catalogOnlyPeople: 1,
        oktaOnlyPeople: 3,
      });
      const unmatched = await inventory.unmatchedPeople();
      expect(unmatched.catalogOnly.map(p => p.entityRef)).toEqual([
        'user:default/nina.petrov',
      ]);
      expect(unmatched.oktaOnly.map(p => p.email).sort()).toEqual([
        'casey.wong@contractors.acme.example.com',
        'jordan.blake@acme.example.com',
        'svc.build@acme.example.com',
      ]);

      const apps = await inventory.listApps();
      const salesforce = apps.find(a => a.key === 'salesforce')!;
      expect(salesforce.name).toBe('Salesforce');
      expect(salesforce.instances.map(i => i.label).sort()).toEqual([
        'Salesforce',
        'Salesforce Sandbox',
      ]);
      const figma = apps.find(a => a.key === 'figma')!.instances[0];
      expect(figma.tiers.map(t => [t.tier, t.groupName, t.source])).toEqual([
        ['viewer', 'Figma Viewer', 'suggested'],
        ['editor', 'Figma Editor', 'suggested'],
      ]);
      expect(figma.assignedUsers).toBe(
        sandbox.state.directory.appUsers(figma.id).length,
      );
      const miro = apps.find(a => a.key === 'miro')!.instances[0];
      expect(miro.tiers).toEqual([]);

      // The day's spend snapshot: one row per instance holding seats, as many as Okta assigns.
      const snapshot = async () =>
        knex('app_spend_daily').where({ day: dayOf(clock) });
      const snapped = await snapshot();
      expect(snapped).toHaveLength(first.stats.spendSnapshots);
      expect(first.stats.spendSnapshots).toBe(
        apps.flatMap(a => a.instances).filter(i => i.assignedUsers > 0).length,
      );
      expect(
        Number(snapped.find(s => s.instance_id === figma.id)?.seats_held),
      ).toBe(figma.assignedUsers);

      const ingested = await ingest.run();
      expect(ingested.stats.eventsCounted).toBe(sandbox.state.log.count);
      const truth = await expectUsageToEqualSandbox(activity);
      expect(truth.length).toBeGreaterThan(50);

      // Assignments carry each user's tier, last sign-in and 30/90-day counts.
      const assignments = await inventory.listAssignments(figma.id, clock);
      const emma = assignments.find(
        a => a.email === 'emma.jones@acme.example.com',
      )!;
      expect(emma).toMatchObject({
        entityRef: 'user:default/emma.jones',
        scope: 'GROUP',
        tier: 'viewer',
      });
      const emmaTruth = truth.find(
        t => t.userId === emma.oktaUserId && t.appId === figma.id,
      );
      expect(emma.lastSignIn).toBe(emmaTruth?.lastSignIn);
      expect(emma.signIns90d).toBe(emmaTruth?.total ?? 0);
      const casey = assignments.find(
        a => a.email === 'casey.wong@contractors.acme.example.com',
      )!;
      expect(casey).toMatchObject({
        scope: 'USER',
        entityRef: undefined,
        tier: undefined,
      });

      // A second run changes nothing.
      clock += 60_000;
      const second = await sync.run();
      expect(second.stats).toMatchObject({
        changed: 0,
        instancesUpdated: 0,
        peopleUpdated: 0,
        assignmentsUpdated: 0,
      });
      // The same day's second sync replaces the day's snapshot.
      expect(await snapshot()).toHaveLength(first.stats.spendSnapshots);
      const again = await ingest.run();
      expect(again.stats.eventsCounted).toBe(0);
      await expectUsageToEqualSandbox(activity);

      // An event that arrives late is counted once, in the day it happened.
      const lateUser = sandbox.state.directory.findUser(
        'liam.patel@acme.example.com',
      )!;
      const published = clock - 30 * 60_000;
      sandbox.state.log.add([
        {
          published,
          userId: lateUser.id,
          appId: figma.id,
          visibleAt: clock + 5 * 60_000,
        },
      ]);
      await ingest.run();
      clock += 10 * 60_000;
      const late = await ingest.run();
      expect(late.stats.eventsCounted).toBe(1);
      clock += 10 * 60_000;
      const afterLate = await ingest.run();
      expect(afterLate.stats.eventsCounted).toBe(0);
      expect(afterLate.stats.duplicatesSkipped).toBeGreaterThanOrEqual(1);
      await expectUsageToEqualSandbox(activity);

      const recorded = await runs.list({ limit: 20 });
      expect(recorded.every(r => r.status === 'succeeded')).toBe(true);
      expect(recorded.filter(r => r.kind === 'inventory-sync')).toHaveLength(2);

      // Peer usage: distinct teammates per app, from the stored activity.
      const person = (await inventory.getPerson('user:default/emma.jones'))!;
      const peers = await inventory.peerUsage(person, clock);
      const teammates = loadOrg().people.filter(
        p =>
          p.groups.includes('platform-engineering') && p.name !== 'emma.jones',
      );
      const teammateIds = new Set(
        teammates.map(p => sandbox.state.directory.findUser(p.email)?.id),
      );
      const expected = new Map<string, Set<string>>();
      for (const t of usageFromLog(sandbox.state.log, { now: clock })) {
        if (
          !teammateIds.has(t.userId) ||
          Date.parse(t.lastSignIn) < clock - 30 * DAY
        )
          continue;
        const key = sandbox.state.directory.apps.get(t.appId)!.name;
        expected.set(key, (expected.get(key) ?? new Set()).add(t.userId));
      }
      expect(
        Object.fromEntries(peers.byTeam.map(p => [p.appKey, p.users])),
      ).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, v.size])));
      expect(peers.byDepartment.length).toBeGreaterThanOrEqual(
        peers.byTeam.length,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'rides out a 429 storm without losing or duplicating events (%p)',
    async databaseId => {
      clock = END + 3600_000;
      sandbox.generateActivity({ days: 2, end: END, targetEvents: 3_000 });
      const { ingest, activity } = await setup(databaseId, { backfillDays: 3 });
      sandbox.state.faults.set('okta', { rate429: 0.5 });
      const started = Date.now();
      const result = await ingest.run();
      const stormStats = sandbox.state.faults.stats('okta');
      sandbox.state.faults.reset();
      expect(stormStats.injected429).toBeGreaterThan(2);
      expect(Date.now() - started).toBeGreaterThan(2000);
      expect(result.stats.eventsCounted).toBe(3_000);
      await expectUsageToEqualSandbox(activity);
    },
  );
});
