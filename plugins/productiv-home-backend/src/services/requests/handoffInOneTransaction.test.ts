import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JobStore } from '@internal/durable-jobs';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { loadOrg } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { FULFILL_JOB } from './requestJobs';
import { RequestUseCases } from './RequestUseCases';
import { PeopleDirectory } from './types';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;

function demoPeople(): PeopleDirectory {
  const byRef = new Map(loadOrg().people.map(p => [ref(p.name), p]));
  return {
    managerOf: async u => {
      const manager = byRef.get(u)?.manager;
      return manager ? ref(manager) : undefined;
    },
    isReachable: async u => Boolean(byRef.get(u)?.email),
    membersOf: async () => [],
    groupsOf: async u =>
      (byRef.get(u)?.groups ?? []).map(g => `group:default/${g}`),
  };
}

const figma: HomeApp = {
  appKey: 'figma',
  name: 'Figma',
  description: '',
  category: 'Design',
  tiers: ['editor'],
  owners: [],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }],
  },
  fulfillment: 'automatic',
};

/**
 * A backend that dies right after a change commits must not leave the
 * request approved with no fulfill job: the approval (or retry, or the
 * creation of a request that needs no approval) and the handoff to
 * fulfillment are one transaction. The store below stands for the process:
 * once `dieAfter` more transitions have committed, every further write
 * throws, as if the process had been killed there.
 */
describe('handing a request to fulfillment', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: TestDatabaseId) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const { requests: store, apps } = ProductivHomeDatabase.stores(knex, jobs);
    let left = Infinity;
    const dying = Object.create(store) as typeof store;
    dying.transition = async (...args) => {
      if (left <= 0) throw new Error('the backend was killed');
      await store.transition(...args);
      left--;
    };
    const service = new RequestUseCases({
      store: dying,
      apps,
      people: demoPeople(),
      settings: async () => ({
        approvalMethod: 'email',
        defaultApprovers: [],
        reminderHours: [],
        justificationRequired: false,
      }),
    });
    await apps.putApp(figma, ref('alex.morgan'), Date.now());
    const fulfillJobs = async (requestId: string) =>
      (await jobs.list({ type: FULFILL_JOB, limit: 100 })).items
        .filter(
          j => (j.payload as { requestId: string }).requestId === requestId,
        )
        .map(j => j.key);
    return {
      service,
      store,
      apps,
      fulfillJobs,
      dieAfter: (n: number) => (left = n),
    };
  }

  it.each(databases.eachSupportedId())(
    'queues the fulfill job with the final approval, even if the backend dies right after it (%p)',
    async id => {
      const { service, store, fulfillJobs, dieAfter } = await setup(id);
      const request = await service.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      dieAfter(1);
      await service
        .decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('olivia.chen') },
        )
        .catch(() => undefined);
      const stored = await store.get(request.id);
      expect(stored.status).toBe('fulfilling');
      expect(stored.history.map(h => `${h.type} ${h.status}`)).toEqual([
        'submitted pending_approval',
        'approval-requested pending_approval',
        'approved approved',
        'fulfilling fulfilling',
      ]);
      expect(await fulfillJobs(request.id)).toEqual([
        `${FULFILL_JOB}:${request.id}:1`,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "queues a retry's fulfill job with the retry (%p)",
    async id => {
      const { service, store, fulfillJobs, dieAfter } = await setup(id);
      const request = await service.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      await service.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      await service.recordFulfillment(request.id, {
        status: 'failed',
        reason: 'Okta said no',
      });
      dieAfter(1);
      await service
        .retryFulfillment(request.id, { actor: ref('alex.morgan') })
        .catch(() => undefined);
      expect((await store.get(request.id)).status).toBe('fulfilling');
      expect((await fulfillJobs(request.id)).sort()).toEqual([
        `${FULFILL_JOB}:${request.id}:1`,
        `${FULFILL_JOB}:${request.id}:2`,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'creates a request that needs no approval with its fulfill job, and a manual one fulfilled unless one is open (%p)',
    async id => {
      const { service, store, apps, fulfillJobs, dieAfter } = await setup(id);
      await apps.putApp(
        {
          ...figma,
          approval: { required: 'no-one', exceptGroups: [], levels: [] },
        },
        ref('alex.morgan'),
        Date.now(),
      );
      dieAfter(0);
      const created = await service.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      expect((await store.get(created.id)).status).toBe('fulfilling');
      expect(await fulfillJobs(created.id)).toEqual([
        `${FULFILL_JOB}:${created.id}:1`,
      ]);

      // Manual: fulfilled at once, but not beside an open request.
      await apps.putApp(
        {
          ...figma,
          fulfillment: 'manual',
          approval: { required: 'no-one', exceptGroups: [], levels: [] },
        },
        ref('alex.morgan'),
        Date.now(),
      );
      await expect(
        service.submit(
          { appKey: 'figma', tier: 'editor' },
          { requester: ref('emma.jones') },
        ),
      ).rejects.toThrow(`request ${created.id} is fulfilling`);
      const manual = await service.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('liam.patel') },
      );
      expect((await store.get(manual.id)).history.map(h => h.type)).toEqual([
        'submitted',
        'approved',
        'fulfilling',
        'fulfilled',
      ]);
      expect(manual.status).toBe('fulfilled');
    },
  );
});
