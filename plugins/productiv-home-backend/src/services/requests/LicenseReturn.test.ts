import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JobStore } from '@internal/durable-jobs';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { FULFILL_JOB, NOTIFICATION_JOB } from './requestJobs';
import { RequestUseCases } from './RequestUseCases';

jest.setTimeout(60_000);

const BENJAMIN = 'user:default/benjamin.moore';
const HOUR = 3600_000;

const tableau: HomeApp = {
  appKey: 'tableau',
  name: 'Tableau',
  description: 'Dashboards',
  category: 'Analytics',
  tiers: ['viewer', 'explorer'],
  owners: [],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }],
  },
  fulfillment: 'automatic',
  okta: {
    instanceId: '0oaTableau',
    tiers: [
      { tier: 'viewer', grant: 'okta-group', groupId: '00gViewer' },
      { tier: 'explorer', grant: 'okta-group', groupId: '00gExplorer' },
    ],
  },
};

type Holding = { tier: string; tierName: string; since: string };

describe('giving a license back', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: TestDatabaseId, app: Partial<HomeApp> = {}) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const { requests: store, apps } = ProductivHomeDatabase.stores(knex, jobs);
    let clock = Date.parse('2026-12-10T09:00:00.000Z');
    /** What the inventory says each person holds of Tableau; throws when down. */
    const holdings = new Map<string, Holding | Error>();
    const service = new RequestUseCases({
      store,
      apps,
      people: {
        managerOf: async () => 'user:default/charlotte.davis',
        isReachable: async () => true,
        membersOf: async () => [],
        groupsOf: async () => [],
      },
      settings: async () => ({
        approvalMethod: 'email',
        defaultApprovers: [],
        reminderHours: [],
        // A return needs no justification, even when requests do.
        justificationRequired: true,
      }),
      access: {
        refuseHeld: async () => undefined,
        holdingOf: async (_app, userRef) => {
          const held = holdings.get(userRef);
          if (held instanceof Error) throw held;
          return held;
        },
      },
      now: () => clock,
    });
    await apps.putApp(
      { ...tableau, ...app },
      'user:default/alex.morgan',
      clock,
    );
    /** The payloads of the jobs queued of a type. */
    const queued = async (type: string) =>
      (await jobs.list({ type, limit: 100 })).items.map(
        j => j.payload as Record<string, unknown>,
      );
    return {
      service,
      holdings,
      queued,
      advance: (ms: number) => (clock += ms),
      now: () => clock,
    };
  }

  it.each(databases.eachSupportedId())(
    'sends the tier held straight to fulfillment, without approval, and refuses a second return (%p)',
    async id => {
      const { service, holdings, queued, advance, now } = await setup(id);
      const since = new Date(now() - 40 * 24 * HOUR).toISOString();
      holdings.set(BENJAMIN, { tier: 'viewer', tierName: 'Viewer', since });

      const given = await service.submitReturn(
        { appKey: 'tableau' },
        { requester: BENJAMIN },
      );
      expect(given).toMatchObject({
        kind: 'return',
        appKey: 'tableau',
        tier: 'viewer',
        status: 'fulfilling',
        approvals: [],
      });
      expect(given.fromTier).toBeUndefined();
      expect(given.history.map(e => [e.type, e.comment])).toEqual([
        ['submitted', 'Gave back Tableau Viewer'],
        ['approved', 'No approval needed: a license given back frees a seat'],
        ['fulfilling', 'automatic'],
      ]);
      expect((await queued(FULFILL_JOB)).map(p => p.requestId)).toEqual([
        given.id,
      ]);

      // Open: a second give-back is refused, naming the first.
      await expect(
        service.submitReturn({ appKey: 'tableau' }, { requester: BENJAMIN }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `You are already giving back Tableau Viewer: request ${given.id} is fulfilling`,
      });

      // Fulfilled, while the inventory (synced later) still shows Viewer.
      advance(HOUR);
      const done = await service.recordFulfillment(given.id, {
        status: 'fulfilled',
        provider: 'okta',
        detail: 'removed from Okta group 00gViewer',
      });
      expect(done).toMatchObject({ kind: 'return', status: 'fulfilled' });
      const told = await queued(NOTIFICATION_JOB);
      expect(told).toContainEqual({
        recipients: [BENJAMIN],
        title: 'You gave back Tableau Viewer',
        description:
          'Your license is free for someone else. Request it again from Productiv Home whenever you need it.',
        requestId: given.id,
      });
      await expect(
        service.submitReturn({ appKey: 'tableau' }, { requester: BENJAMIN }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `You gave back Tableau Viewer already (request ${given.id}); My access shows it until the next inventory sync`,
      });

      // Once the inventory shows nothing, there is nothing to give back.
      holdings.delete(BENJAMIN);
      await expect(
        service.submitReturn({ appKey: 'tableau' }, { requester: BENJAMIN }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'You do not have Tableau; there is nothing to give back',
      });

      // Granted again later: that holding can be given back in turn.
      advance(HOUR);
      holdings.set(BENJAMIN, {
        tier: 'viewer',
        tierName: 'Viewer',
        since: new Date(now()).toISOString(),
      });
      expect(
        await service.submitReturn(
          { appKey: 'tableau', justification: '  Project over ' },
          { requester: BENJAMIN },
        ),
      ).toMatchObject({
        kind: 'return',
        status: 'fulfilling',
        justification: 'Project over',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses what cannot be given back, with what to do (%p)',
    async id => {
      const { service, holdings } = await setup(id);
      await expect(
        service.submitReturn({ appKey: 'figma' }, { requester: BENJAMIN }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: 'figma is not offered in Productiv Home',
      });
      holdings.set(BENJAMIN, {
        tier: '',
        tierName: '',
        since: new Date().toISOString(),
      });
      await expect(
        service.submitReturn({ appKey: 'tableau' }, { requester: BENJAMIN }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'Your Tableau license has no tier Productiv Home grants, so it cannot be given back here; ask IT to remove it',
      });
      holdings.set(BENJAMIN, new Error('inventory down'));
      await expect(
        service.submitReturn({ appKey: 'tableau' }, { requester: BENJAMIN }),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message:
          'Could not read the licenses you hold (the inventory did not answer); try again in a moment',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'records a manual app given back as done at once, told by notification only (%p)',
    async id => {
      const { service, holdings, queued } = await setup(id, {
        fulfillment: 'manual',
      });
      holdings.set(BENJAMIN, {
        tier: 'explorer',
        tierName: 'Explorer',
        since: new Date().toISOString(),
      });
      const given = await service.submitReturn(
        { appKey: 'tableau' },
        { requester: BENJAMIN },
      );
      expect(given).toMatchObject({ tier: 'explorer', status: 'fulfilled' });
      expect(given.history.map(e => [e.type, e.comment])).toEqual([
        ['submitted', 'Gave back Tableau Explorer'],
        ['approved', 'No approval needed: a license given back frees a seat'],
        ['fulfilling', 'manual'],
        ['fulfilled', undefined],
      ]);
      expect(await queued(FULFILL_JOB)).toEqual([]);
      // The approval channel's updates speak of access granted: none here.
      expect(await queued('requester-update')).toEqual([]);
      expect((await queued(NOTIFICATION_JOB)).map(p => p.title)).toEqual([
        'You gave back Tableau Explorer',
      ]);
    },
  );
});
