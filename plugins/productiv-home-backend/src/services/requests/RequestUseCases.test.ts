import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import {
  Backoff,
  JobRunner,
  JobStore,
  JobWorker,
} from '@internal/durable-jobs';
import { loadOrg } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { ApprovalReminderWorker } from '../approvals/ApprovalReminderWorker';
import { notificationHandlers } from './notificationJobs';
import { NOTIFICATION_JOB } from './requestJobs';
import { RequestUseCases } from './RequestUseCases';
import { PeopleDirectory, RequestMessage, RequestNotifier } from './types';

jest.setTimeout(60_000);

const HOUR = 3600 * 1000;
const ref = (name: string) => `user:default/${name}`;

/** The demo organization as the people directory. */
function demoPeople(): PeopleDirectory {
  const org = loadOrg();
  const byRef = new Map(org.people.map(p => [ref(p.name), p]));
  return {
    managerOf: async u => {
      const manager = byRef.get(u)?.manager;
      return manager ? ref(manager) : undefined;
    },
    isReachable: async u => Boolean(byRef.get(u)?.email),
    membersOf: async g =>
      org.people
        .filter(p => p.groups.some(x => `group:default/${x}` === g))
        .map(p => ref(p.name)),
    groupsOf: async u =>
      (byRef.get(u)?.groups ?? []).map(g => `group:default/${g}`),
  };
}

const figma: HomeApp = {
  appKey: 'figma',
  name: 'Figma',
  description: 'Design tool',
  category: 'Design',
  tiers: ['viewer', 'editor'],
  owners: [ref('sofia.garcia')],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }, { type: 'app-owner' }],
  },
  fulfillment: 'manual',
};

const settings: HomeSettings = {
  approvalMethod: 'email',
  defaultApprovers: [{ type: 'manager' }],
  fallbackApprover: ref('alex.morgan'),
  reminderHours: [24, 72],
  justificationRequired: true,
};

describe('RequestUseCases', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  /**
   * The notification jobs run as in the plugin: by a worker kicked when a
   * change queues work. One at a time, so they are sent in queue order.
   */
  function notificationWorker(
    jobs: JobStore,
    notifier: RequestNotifier,
    logger: { warn(m: string): void; error(m: string): void },
  ) {
    const runner = new JobRunner({
      store: jobs,
      worker: 'test',
      handlers: notificationHandlers(notifier),
      concurrency: 1,
      logger,
    });
    return new JobWorker({ runners: [runner], logger });
  }

  async function setup(
    databaseId: TestDatabaseId,
    options?: {
      channelInstalled?: boolean;
      /** Instead of recording what is sent. */
      notifier?: RequestNotifier;
      backoff?: Partial<Backoff>;
      jobLogger?: { warn(m: string): void; error(m: string): void };
    },
  ) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({
      knex,
      table: 'home_jobs',
      backoff: options?.backoff,
    });
    const {
      requests: store,
      approvals,
      apps,
    } = ProductivHomeDatabase.stores(knex, jobs);
    let clock = Date.parse('2026-11-02T09:00:00.000Z');
    const messages: RequestMessage[] = [];
    const worker = notificationWorker(
      jobs,
      options?.notifier ?? { notify: async m => void messages.push(m) },
      options?.jobLogger ?? { warn() {}, error() {} },
    );
    /** What was sent once the queued notifications have run. */
    const sent = async () => {
      await worker.idle();
      return messages;
    };
    const changes: string[] = [];
    const deps = {
      store,
      apps,
      people: demoPeople(),
      settings: async () => settings,
      onChange: async (r: { status: string }) => void changes.push(r.status),
      onJobsQueued: () => worker.kick(),
      channelInstalled: async () => options?.channelInstalled ?? true,
      now: () => clock,
    };
    const service = new RequestUseCases(deps);
    const reminders = new ApprovalReminderWorker({ ...deps, approvals });
    await apps.putApp(figma, ref('alex.morgan'), clock);
    await apps.putApp(
      {
        ...figma,
        appKey: 'zoom',
        name: 'Zoom',
        tiers: ['basic'],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
      },
      ref('alex.morgan'),
      clock,
    );
    await apps.putApp(
      {
        ...figma,
        appKey: 'miro',
        name: 'Miro',
        tiers: ['member'],
        approval: {
          required: 'everyone-except',
          exceptGroups: ['group:default/marketing'],
          levels: [],
        },
      },
      ref('alex.morgan'),
      clock,
    );
    return {
      service,
      reminders,
      store,
      jobs,
      worker,
      sent,
      changes,
      advance: (ms: number) => (clock += ms),
    };
  }

  const submitAsEmma = (service: RequestUseCases) =>
    service.submit(
      { appKey: 'figma', tier: 'editor', justification: 'Design reviews' },
      { requester: ref('emma.jones') },
    );

  it.each(databases.eachSupportedId())(
    'ends the request when level 1 denies, and tells the requester (%p)',
    async id => {
      const { service, sent } = await setup(id);
      const request = await submitAsEmma(service);
      expect(request).toMatchObject({
        status: 'pending_approval',
        level: 1,
        approvals: [
          { level: 1, approver: ref('olivia.chen'), viaFallback: false },
        ],
      });
      expect((await sent())[0].recipients).toEqual([ref('olivia.chen')]);

      const denied = await service.decide(
        request.id,
        { decision: 'denied', comment: 'Use the viewer tier' },
        { actor: ref('olivia.chen') },
      );
      expect(denied.status).toBe('denied');
      expect(denied.history.map(h => h.type)).toEqual([
        'submitted',
        'approval-requested',
        'denied',
      ]);
      expect(denied.history[2]).toMatchObject({
        actor: ref('olivia.chen'),
        comment: 'Use the viewer tier',
      });
      expect(await sent()).toEqual([
        expect.anything(),
        {
          recipients: [ref('emma.jones')],
          title: 'Your request for Figma Editor was denied',
          description: 'Use the viewer tier',
          requestId: request.id,
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'approves at level 1, then denies at level 2 (%p)',
    async id => {
      const { service } = await setup(id);
      const request = await submitAsEmma(service);
      const atLevel2 = await service.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      expect(atLevel2).toMatchObject({ status: 'pending_approval', level: 2 });
      expect(
        atLevel2.approvals.filter(a => a.level === 2).map(a => a.approver),
      ).toEqual([ref('sofia.garcia')]);
      // The level-1 approver cannot decide again at level 2.
      await expect(
        service.decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('olivia.chen') },
        ),
      ).rejects.toThrow(/not an approver of request .* at level 2/);
      const denied = await service.decide(
        request.id,
        { decision: 'denied' },
        { actor: ref('sofia.garcia') },
      );
      expect(denied.status).toBe('denied');
      expect(denied.history.map(h => `${h.type}${h.level ?? ''}`)).toEqual([
        'submitted',
        'approval-requested1',
        'approved1',
        'approval-requested2',
        'denied2',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps an ignored request open and reminds the approver on schedule, without the fallback (%p)',
    async id => {
      const { reminders, service, sent, advance, store } = await setup(id);
      const request = await submitAsEmma(service);
      advance(23 * HOUR);
      expect(await reminders.sendReminders()).toBe(0);
      advance(2 * HOUR);
      expect(await reminders.sendReminders()).toBe(1);
      expect(await reminders.sendReminders()).toBe(0);
      advance(48 * HOUR);
      expect(await reminders.sendReminders()).toBe(1);
      advance(240 * HOUR);
      expect(await reminders.sendReminders()).toBe(0);
      const still = await store.get(request.id);
      expect(still.status).toBe('pending_approval');
      expect(still.approvals).toEqual([
        expect.objectContaining({
          approver: ref('olivia.chen'),
          viaFallback: false,
          remindersSent: 2,
        }),
      ]);
      expect(still.history.filter(h => h.type === 'fallback-used')).toEqual([]);
      expect(
        (await sent())
          .filter(m => m.title.startsWith('Reminder'))
          .map(m => m.recipients),
      ).toEqual([[ref('olivia.chen')], [ref('olivia.chen')]]);
    },
  );

  it.each(databases.eachSupportedId())(
    'uses the fallback approver when the requester has no manager (%p)',
    async id => {
      const { service } = await setup(id);
      const request = await service.submit(
        { appKey: 'figma', tier: 'viewer', justification: 'Board decks' },
        { requester: ref('sarah.johnson') },
      );
      expect(request.approvals).toEqual([
        expect.objectContaining({
          level: 1,
          approver: ref('alex.morgan'),
          viaFallback: true,
        }),
      ]);
      expect(request.history.map(h => h.type)).toEqual([
        'submitted',
        'fallback-used',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'approves end to end with the manual fulfiller (%p)',
    async id => {
      const { service, sent } = await setup(id);
      const request = await submitAsEmma(service);
      await service.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      // The last two were queued together: in either order.
      expect((await sent()).map(m => m.title).sort()).toEqual([
        'Approve Figma Editor for emma.jones?',
        'Approve Figma Editor for emma.jones?',
        'Your request for Figma Editor was approved at level 1',
      ]);
      const done = await service.decide(
        request.id,
        { decision: 'approved', comment: 'Enjoy' },
        { actor: ref('sofia.garcia') },
      );
      expect(done.status).toBe('fulfilled');
      expect(done.history.map(h => h.type)).toEqual([
        'submitted',
        'approval-requested',
        'approved',
        'approval-requested',
        'approved',
        'fulfilling',
        'fulfilled',
      ]);
      expect((await sent()).slice(3)).toEqual([
        {
          recipients: [ref('emma.jones')],
          title: 'You have access to Figma Editor',
          description: 'Your request was approved and fulfilled',
          requestId: request.id,
        },
      ]);
      // A new request for the same app and tier is possible again once this one is closed.
      await expect(submitAsEmma(service)).resolves.toMatchObject({
        status: 'pending_approval',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'lets only one of two racing duplicate submissions through (%p)',
    async id => {
      const { service, store } = await setup(id);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => submitAsEmma(service)),
      );
      const created = results.filter(r => r.status === 'fulfilled');
      expect(created).toHaveLength(1);
      const refused = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(refused).toHaveLength(4);
      for (const r of refused) {
        expect(r.reason).toMatchObject({ name: 'ConflictError' });
        expect(r.reason.message).toMatch(
          /You already have an open request for Figma Editor: request .* is pending approval/,
        );
      }
      expect(await store.listByRequester(ref('emma.jones'))).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a channel decision made for a level the request has left (%p)',
    async id => {
      const { service } = await setup(id);
      const request = await submitAsEmma(service);
      await expect(
        service.decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('olivia.chen'), level: 2 },
        ),
      ).rejects.toThrow(
        `Request ${request.id} no longer waits for a decision at level 2`,
      );
      await expect(
        service.decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('olivia.chen'), level: 1 },
        ),
      ).resolves.toMatchObject({ level: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses duplicates, bad tiers, missing justifications and the wrong people (%p)',
    async id => {
      const { service } = await setup(id);
      const request = await submitAsEmma(service);
      await expect(submitAsEmma(service)).rejects.toThrow(
        `You already have an open request for Figma Editor: request ${request.id} is pending approval`,
      );
      await expect(
        service.submit(
          { appKey: 'figma', tier: 'admin', justification: 'x' },
          { requester: ref('emma.jones') },
        ),
      ).rejects.toThrow(
        "Figma has no tier 'admin'; choose one of viewer, editor",
      );
      await expect(
        service.submit(
          { appKey: 'figma', tier: 'viewer' },
          { requester: ref('emma.jones') },
        ),
      ).rejects.toThrow(/justification is required/);
      await expect(
        service.submit(
          { appKey: 'notion', tier: 'x', justification: 'x' },
          { requester: ref('emma.jones') },
        ),
      ).rejects.toThrow('notion is not offered in Productiv Home');
      await expect(
        service.decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('james.walker') },
        ),
      ).rejects.toThrow(/not an approver/);
      await expect(
        service.decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('emma.jones') },
        ),
      ).rejects.toThrow('You cannot decide on your own request');
      await expect(
        service.cancel(request.id, { actor: ref('olivia.chen') }),
      ).rejects.toThrow('Only the requester can cancel a request');
      const cancelled = await service.cancel(request.id, {
        actor: ref('emma.jones'),
      });
      expect(cancelled.status).toBe('cancelled');
      await expect(
        service.decide(
          request.id,
          { decision: 'approved' },
          { actor: ref('olivia.chen') },
        ),
      ).rejects.toThrow(/is cancelled; there is nothing to decide/);
    },
  );

  it.each(databases.eachSupportedId())(
    'skips approval when the app needs none, or for excepted groups (%p)',
    async id => {
      const { service } = await setup(id);
      const zoom = await service.submit(
        { appKey: 'zoom', tier: 'basic', justification: 'Calls' },
        { requester: ref('emma.jones') },
      );
      expect(zoom.status).toBe('fulfilled');
      const marketing = await service.submit(
        { appKey: 'miro', tier: 'member', justification: 'Boards' },
        { requester: ref('daniel.lee') },
      );
      expect(marketing.status).toBe('fulfilled');
      const engineer = await service.submit(
        { appKey: 'miro', tier: 'member', justification: 'Boards' },
        { requester: ref('emma.jones') },
      );
      expect(engineer).toMatchObject({
        status: 'pending_approval',
        approvals: [expect.objectContaining({ approver: ref('olivia.chen') })],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'routes a request for an app not in the catalog to the default approvers (%p)',
    async id => {
      const { service, sent } = await setup(id);
      const intake = await service.submitIntake(
        {
          name: 'Linear',
          url: 'https://linear.app',
          reason: 'Issue tracking for the platform team',
        },
        { requester: ref('emma.jones') },
      );
      expect(intake).toMatchObject({
        appKey: 'intake:linear',
        tier: 'new-app',
        status: 'pending_approval',
        level: 1,
      });
      expect(intake.approvals.map(a => a.approver)).toEqual([
        ref('olivia.chen'),
      ]);
      expect(intake.justification).toBe(
        'Issue tracking for the platform team\nWebsite: https://linear.app',
      );
      expect((await sent())[0].title).toBe(
        'emma.jones asks for a new app: Linear',
      );
      await expect(
        service.submitIntake(
          { name: 'linear', reason: 'again' },
          { requester: ref('emma.jones') },
        ),
      ).rejects.toThrow(/You already asked for linear/);
      const approved = await service.decide(
        intake.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      expect(approved.status).toBe('approved');
    },
  );

  it.each(databases.eachSupportedId())(
    'queues each notification with its change, without an approval channel too, and answers before it is sent (%p)',
    async id => {
      let release!: () => void;
      const open = new Promise<void>(r => (release = r));
      const delivered: RequestMessage[] = [];
      const { service, jobs, worker } = await setup(id, {
        channelInstalled: false,
        notifier: {
          notify: async m => {
            await open;
            delivered.push(m);
          },
        },
      });
      // The notifications backend hangs: the request is answered anyway.
      const request = await submitAsEmma(service);
      expect(request.status).toBe('pending_approval');
      expect(delivered).toEqual([]);
      const queued = (await jobs.list({ limit: 10 })).items;
      // No channel work without a channel; the notification is queued.
      expect(queued.map(j => [j.type, j.key, j.payload])).toEqual([
        [
          NOTIFICATION_JOB,
          `request-notification:${request.id}:approval-request:1`,
          {
            recipients: [ref('olivia.chen')],
            title: 'Approve Figma Editor for emma.jones?',
            description: 'Design reviews',
            requestId: request.id,
          },
        ],
      ]);
      release();
      await worker.idle();
      expect(delivered.map(m => m.requestId)).toEqual([request.id]);
      expect((await jobs.getByKey(queued[0].key))?.status).toBe('succeeded');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a change when the notification cannot be sent, retries it, and gives it up logged (%p)',
    async id => {
      const warnings: string[] = [];
      const { service, store, jobs, worker } = await setup(id, {
        notifier: {
          notify: async () => {
            throw new Error('notifications backend is down');
          },
        },
        backoff: { baseMs: 1, factor: 1, maxMs: 1 },
        jobLogger: { warn: m => void warnings.push(m), error() {} },
      });
      const request = await submitAsEmma(service);
      expect(request.status).toBe('pending_approval');
      const denied = await service.decide(
        request.id,
        { decision: 'denied' },
        { actor: ref('olivia.chen') },
      );
      expect(denied.status).toBe('denied');
      const notifications = async () =>
        (await jobs.list({ type: NOTIFICATION_JOB, limit: 10 })).items;
      for (let i = 0; i < 500; i++) {
        worker.kick();
        await worker.idle();
        if ((await notifications()).every(j => j.status === 'failed')) break;
        await new Promise(r => setTimeout(r, 5));
      }
      expect(
        (await notifications())
          .map(j => [j.key, j.status, j.attempts, j.lastError])
          .sort(),
      ).toEqual([
        [
          `request-notification:${request.id}:approval-request:1`,
          'failed',
          12,
          'notifications backend is down',
        ],
        [
          `request-notification:${request.id}:denied:1`,
          'failed',
          12,
          'notifications backend is down',
        ],
      ]);
      expect(warnings.sort()).toEqual([
        `Job request-notification request-notification:${request.id}:approval-request:1 failed for good`,
        `Job request-notification request-notification:${request.id}:denied:1 failed for good`,
      ]);
      expect((await store.get(request.id)).status).toBe('denied');
    },
  );
});
