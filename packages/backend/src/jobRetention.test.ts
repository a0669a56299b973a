import {
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { productivHomeSchedulerServiceRef } from '@internal/plugin-productiv-home-node';
import {
  demoUserRef as ref,
  startProductivHomeTestBackend,
} from '@internal/plugin-productiv-home-node/testUtils';
import { demoUserEntities } from '@internal/sandbox';

/**
 * Productiv Home's retention task, as the plugin schedules it (global, on
 * its guarded scheduler) and on SQLite and PostgreSQL: finished jobs older
 * than productivHome.retention.finishedJobs.days go, those of open requests
 * (here one waiting for its approver, whose approval job holds the message
 * to update) stay, as do recent and unfinished ones.
 */

jest.setTimeout(120_000);

const DAY = 24 * 3600_000;
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A scheduler that keeps the plugin's tasks, to run them when told. */
function recordingScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const scopes = new Map<string, string | undefined>();
  const scheduler: SchedulerService = {
    async scheduleTask(task) {
      tasks.set(task.id, task);
      scopes.set(task.id, task.scope);
    },
    async triggerTask() {},
    async cancelTask() {},
    async getScheduledTasks() {
      return [];
    },
    createScheduledTaskRunner: () => ({
      run: async task => void tasks.set(task.id, task),
    }),
  };
  const factory = createServiceFactory({
    service: productivHomeSchedulerServiceRef,
    deps: {},
    factory: () => scheduler,
  });
  return { tasks, scopes, factory };
}

describe.each(databases.eachSupportedId())(
  'retention of finished jobs in Productiv Home on %s',
  databaseId => {
    it('deletes finished jobs past the configured age, except those of open requests', async () => {
      const knex = await databases.init(databaseId);
      const scheduler = recordingScheduler();
      const { api } = await startProductivHomeTestBackend({
        features: [
          productivHomePlugin,
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          mockServices.database.factory({ knex }),
          scheduler.factory,
        ],
        config: {
          productivHome: { retention: { finishedJobs: { days: 10 } } },
        },
      });
      expect(scheduler.scopes.get('productiv-home:job-retention')).toBe(
        'global',
      );

      // One request waits for Liam's manager; one was fulfilled at once.
      const admin = ref('alex.morgan');
      await api(admin, 'PUT', '/apps/figma', {
        name: 'Figma',
        tiers: ['editor'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'manual',
      });
      await api(admin, 'PUT', '/apps/miro', {
        name: 'Miro',
        tiers: ['member'],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'manual',
      });
      const open = await api(ref('liam.patel'), 'POST', '/requests', {
        appKey: 'figma',
        tier: 'editor',
      });
      const done = await api(ref('emma.jones'), 'POST', '/requests', {
        appKey: 'miro',
        tier: 'member',
      });
      expect(open.status).toBe('pending_approval');
      expect(done.status).toBe('fulfilled');

      // Every job of both finished 11 days ago, but for one still queued.
      const rows = await knex('home_jobs').select('id', 'key', 'payload');
      const of = (requestId: string) =>
        rows
          .filter(r => JSON.parse(r.payload).requestId === requestId)
          .map(r => r.key)
          .sort();
      expect(of(open.id).length).toBeGreaterThan(0);
      expect(of(done.id).length).toBeGreaterThan(0);
      const old = Date.now() - 11 * DAY;
      await knex('home_jobs').update({
        status: 'succeeded',
        locked_by: null,
        updated_at_ms: old,
      });
      const [unfinished] = of(done.id);
      await knex('home_jobs')
        .where({ key: unfinished })
        .update({ status: 'queued' });
      // A job finished 9 days ago, of no request.
      await knex('home_jobs').insert({
        id: '00000000-0000-4000-8000-000000000001',
        type: 'other',
        key: 'recent',
        payload: '{}',
        status: 'succeeded',
        attempts: 1,
        max_attempts: 8,
        run_after_ms: Date.now() - 9 * DAY,
        created_at_ms: Date.now() - 9 * DAY,
        updated_at_ms: Date.now() - 9 * DAY,
      });

      await scheduler.tasks
        .get('productiv-home:job-retention')!
        .fn(new AbortController().signal);

      const left = (await knex('home_jobs').pluck('key')).sort();
      expect(left).toEqual([...of(open.id), unfinished, 'recent'].sort());
    });
  },
);
