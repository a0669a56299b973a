import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JobStore } from '@internal/durable-jobs';
import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { loadOrg } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { ADMIN_NOTICE_JOB } from '../admin/adminNoticeJobs';
import { PeopleDirectory } from '../requests/types';
import { RequestUseCases } from '../requests/RequestUseCases';
import { OverdueRequestsWorker } from './OverdueRequestsWorker';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const ref = (name: string) => `user:default/${name}`;

function demoPeople(): PeopleDirectory {
  const org = loadOrg();
  const byRef = new Map(org.people.map(p => [ref(p.name), p]));
  return {
    managerOf: async u => {
      const manager = byRef.get(u)?.manager;
      return manager ? ref(manager) : undefined;
    },
    isReachable: async u => Boolean(byRef.get(u)?.email),
    membersOf: async () => [],
    groupsOf: async u =>
      (byRef.get(u)?.groups ?? []).map(g => `group:default/${g}`),
    contactOf: async u => ({ name: byRef.get(u)?.displayName }),
  };
}

const figma: HomeApp = {
  appKey: 'figma',
  name: 'Figma',
  description: '',
  category: 'Design',
  tiers: ['editor'],
  owners: [ref('sofia.garcia')],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }, { type: 'app-owner' }],
  },
  fulfillment: 'manual',
};

describe('OverdueRequestsWorker', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: TestDatabaseId, settingsOverride = {}) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const stores = ProductivHomeDatabase.stores(knex, jobs);
    let clock = Date.parse('2026-11-02T09:00:00.000Z');
    const settings: HomeSettings = {
      approvalMethod: 'slack',
      defaultApprovers: [{ type: 'manager' }],
      fallbackApprover: ref('alex.morgan'),
      reminderHours: [],
      justificationRequired: false,
      ...settingsOverride,
    };
    const apps: HomeApp[] = [
      figma,
      {
        ...figma,
        appKey: 'miro',
        name: 'Miro',
        tiers: ['member'],
        approval: { ...figma.approval, levels: [{ type: 'manager' }] },
        escalation: { afterDays: 1, to: 'manager' },
        expiry: { afterDays: 10 },
      },
    ];
    for (const app of apps) await stores.apps.putApp(app, 'test', clock);
    const audited: Array<{ eventId: string; meta: unknown }> = [];
    const deps = {
      store: stores.requests,
      apps: { getApp: async (k: string) => apps.find(a => a.appKey === k) },
      people: demoPeople(),
      settings: async () => settings,
      adminNoticesOn: () => true,
      now: () => clock,
    };
    const requests = new RequestUseCases(deps);
    const worker = () =>
      new OverdueRequestsWorker({
        ...deps,
        approvals: stores.approvals,
        listApps: async () => apps,
        auditor: {
          bySystem: async (
            event: { eventId: string; meta: unknown },
            write: () => Promise<unknown>,
          ) => {
            const result = await write();
            if (!(event as any).refusal?.(result)) audited.push(event);
            return result;
          },
        } as any,
      });
    const queued = async (type: string) =>
      (await knex('home_jobs').where({ type }).orderBy('key')).map(j => j.key);
    return {
      requests,
      worker,
      store: stores.requests,
      audited,
      queued,
      advance: (ms: number) => (clock += ms),
    };
  }

  it.each(databases.eachSupportedId())(
    'escalates an approval past its service level to the fallback approver, once (%p)',
    async id => {
      const { requests, worker, store, audited, queued, advance } = await setup(
        id,
      );
      const r = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      advance(3 * DAY - 60_000);
      expect(await worker().run()).toEqual({ expired: 0, escalated: 0 });

      advance(60_000);
      // Two replicas at once: one escalation.
      const runs = await Promise.all([worker().run(), worker().run()]);
      expect(runs.map(x => x.escalated).sort()).toEqual([0, 1]);
      expect(await worker().run()).toEqual({ expired: 0, escalated: 0 });

      const escalated = await store.get(r.id);
      expect(escalated.status).toBe('pending_approval');
      expect(escalated.approvals).toEqual([
        expect.objectContaining({
          level: 1,
          approver: ref('alex.morgan'),
          viaEscalation: true,
        }),
        expect.objectContaining({
          level: 1,
          approver: ref('olivia.chen'),
          viaFallback: false,
        }),
      ]);
      expect(escalated.history.filter(h => h.type === 'escalated')).toEqual([
        expect.objectContaining({
          level: 1,
          comment: ref('alex.morgan'),
          actor: 'system',
        }),
      ]);
      expect(await queued('approval-request')).toEqual([
        `approval-request:${r.id}:1:${ref('alex.morgan')}`,
        `approval-request:${r.id}:1:${ref('olivia.chen')}`,
      ]);
      expect(await queued(ADMIN_NOTICE_JOB)).toEqual([
        `admin-notice:${r.id}:escalated:1`,
      ]);
      expect(audited).toEqual([
        expect.objectContaining({ eventId: 'request-escalate' }),
      ]);

      // The original approver may still decide; the next level escalates on its own clock.
      await requests.decide(
        r.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      advance(2 * DAY);
      expect((await worker().run()).escalated).toBe(0);
      advance(1 * DAY);
      expect((await worker().run()).escalated).toBe(1);
      expect(
        (await store.get(r.id)).approvals.filter(a => a.level === 2),
      ).toEqual([
        expect.objectContaining({
          approver: ref('alex.morgan'),
          viaEscalation: true,
        }),
        expect.objectContaining({ approver: ref('sofia.garcia') }),
      ]);
      // The escalated approver decides the level.
      const done = await requests.decide(
        r.id,
        { decision: 'approved' },
        { actor: ref('alex.morgan') },
      );
      expect(done.status).toBe('fulfilled');
    },
  );

  it.each(databases.eachSupportedId())(
    "escalates to the approver's manager when the app says so (%p)",
    async id => {
      const { requests, worker, store, advance } = await setup(id);
      const r = await requests.submit(
        { appKey: 'miro', tier: 'member' },
        { requester: ref('liam.patel') },
      );
      advance(1 * DAY);
      expect((await worker().run()).escalated).toBe(1);
      const approvals = (await store.get(r.id)).approvals;
      expect(approvals.map(a => a.approver)).toEqual([
        ref('olivia.chen'),
        ref('sarah.johnson'),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a level alone while there is nobody to escalate to (%p)',
    async id => {
      const { requests, worker, store, advance } = await setup(id, {
        fallbackApprover: undefined,
      });
      const r = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      advance(4 * DAY);
      expect((await worker().run()).escalated).toBe(0);
      expect((await store.get(r.id)).approvals).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'closes a request pending past its limit as expired and tells the requester and approvers (%p)',
    async id => {
      const { requests, worker, store, audited, queued, advance } = await setup(
        id,
        { escalation: { afterDays: 100, to: 'fallback' } },
      );
      const figmaRequest = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      const miroRequest = await requests.submit(
        { appKey: 'miro', tier: 'member' },
        { requester: ref('noah.kim') },
      );
      // Miro's own limit is 10 days, the default 30.
      advance(10 * DAY);
      // Figma escalates after 100 days; Miro expires before it would.
      expect(await worker().run()).toEqual({ expired: 1, escalated: 0 });
      expect((await store.get(figmaRequest.id)).status).toBe(
        'pending_approval',
      );
      const expired = await store.get(miroRequest.id);
      expect(expired).toMatchObject({ status: 'expired' });
      expect(expired.level).toBeUndefined();
      expect(expired.history.at(-1)).toMatchObject({
        type: 'expired',
        actor: 'system',
        comment: 'No decision within 10 days',
        status: 'expired',
      });
      // Besides the word that each request was sent.
      expect(
        (await queued('requester-update')).filter(
          k => !k.endsWith(':submitted:1'),
        ),
      ).toEqual([
        `requester-update:${miroRequest.id}:expired:${ref('noah.kim')}`,
        `requester-update:${miroRequest.id}:expired:${ref('olivia.chen')}`,
      ]);
      expect(await queued('approval-outcome')).toEqual([
        `approval-outcome:${miroRequest.id}:1:${ref('olivia.chen')}`,
      ]);
      expect(await queued('request-notification')).toEqual(
        expect.arrayContaining([
          `request-notification:${miroRequest.id}:expired`,
          `request-notification:${miroRequest.id}:expired:approvers`,
        ]),
      );
      expect(audited.map(a => a.eventId)).toContain('request-expire');

      advance(20 * DAY);
      expect((await worker().run()).expired).toBe(1);
      expect((await store.get(figmaRequest.id)).status).toBe('expired');
      expect((await worker().run()).expired).toBe(0);
      // An expired request no longer blocks asking again.
      const again = await requests.submit(
        { appKey: 'miro', tier: 'member' },
        { requester: ref('noah.kim') },
      );
      expect(again.status).toBe('pending_approval');
    },
  );
});
