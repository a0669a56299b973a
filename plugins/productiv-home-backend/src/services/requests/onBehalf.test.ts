import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { JobRunner, JobStore, JobWorker } from '@internal/durable-jobs';
import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { loadOrg } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { notificationHandlers } from './notificationJobs';
import { approvedBy } from './onBehalf';
import { CHANNEL_JOBS } from './requestJobs';
import { RequestUseCases } from './RequestUseCases';
import { PeopleDirectory, RequestMessage } from './types';

/**
 * An admin's decision for the approvers of the pending level (the
 * override), through the use cases on both databases: the request moves on
 * as with an approver's decision, the history names the approvers it was
 * made for, and they are told.
 */

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const BY_ADMIN = 'Alex Morgan, an admin, on behalf of the approvers';

/** The demo organization, with names, as the people directory. */
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
    contactOf: async u => ({
      name: byRef.get(u)?.displayName,
      email: byRef.get(u)?.email,
    }),
  };
}

const figma: HomeApp = {
  appKey: 'figma',
  name: 'Figma',
  description: 'Design tool',
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

const settings: HomeSettings = {
  approvalMethod: 'slack',
  defaultApprovers: [{ type: 'manager' }],
  reminderHours: [24],
  justificationRequired: false,
};

describe('decisions on behalf of the approvers', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: TestDatabaseId) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const { requests: store, apps } = ProductivHomeDatabase.stores(knex, jobs);
    const messages: RequestMessage[] = [];
    const logger = { warn() {}, error() {} };
    const worker = new JobWorker({
      runners: [
        new JobRunner({
          store: jobs,
          worker: 'test',
          handlers: notificationHandlers({
            notify: async m => void messages.push(m),
          }),
          concurrency: 1,
          logger,
        }),
      ],
      logger,
    });
    const useCases = new RequestUseCases({
      store,
      apps,
      people: demoPeople(),
      settings: async () => settings,
      onJobsQueued: () => worker.kick(),
      channelInstalled: async () => true,
    });
    await apps.putApp(figma, ADMIN, Date.now());
    const request = await useCases.submit(
      { appKey: 'figma', tier: 'editor' },
      { requester: ref('emma.jones') },
    );
    /** What was told since the request was submitted (which asked Olivia). */
    const told = async () => {
      await worker.idle();
      return messages.slice(1);
    };
    /** The approval channel's outcome jobs queued for the request. */
    const outcomes = async () =>
      (await jobs.list({ type: CHANNEL_JOBS.outcome, limit: 10 })).items
        .map(j => j.payload)
        .sort((a: any, b: any) => a.level - b.level);
    return { useCases, store, request, told, outcomes };
  }

  it.each(databases.eachSupportedId())(
    'moves the request to the next level, records it as on behalf of the approvers and tells them (%p)',
    async id => {
      const { useCases, store, request, told, outcomes } = await setup(id);
      // Without the override the admin is not one of the approvers.
      await expect(
        useCases.decide(request.id, { decision: 'approved' }, { actor: ADMIN }),
      ).rejects.toThrow(/not an approver of request .* at level 1/);

      const atLevel2 = await useCases.decide(
        request.id,
        { decision: 'approved', comment: 'Olivia is away' },
        { actor: ADMIN, onBehalf: true },
      );
      expect(atLevel2).toMatchObject({ status: 'pending_approval', level: 2 });
      // Stored and read back as such.
      const stored = await store.get(request.id);
      expect(stored.history.find(h => h.type === 'approved')).toMatchObject({
        actor: ADMIN,
        level: 1,
        comment: 'Olivia is away',
        onBehalfOf: [ref('olivia.chen')],
      });
      expect(stored.history.filter(h => h.onBehalfOf).map(h => h.type)).toEqual(
        ['approved'],
      );
      // Olivia did not decide: her approval stays as it was.
      expect(stored.approvals.map(a => [a.approver, a.decision])).toEqual([
        [ref('olivia.chen'), undefined],
        [ref('sofia.garcia'), undefined],
      ]);
      expect(await told()).toEqual(
        expect.arrayContaining([
          {
            recipients: [ref('olivia.chen')],
            title: `Figma Editor for Emma Jones was approved by ${BY_ADMIN}`,
            description: 'Olivia is away',
            requestId: request.id,
          },
          expect.objectContaining({
            recipients: [ref('sofia.garcia')],
            description: `Approved at level 1 by ${BY_ADMIN}`,
          }),
          expect.objectContaining({
            recipients: [ref('emma.jones')],
            title: 'Your request for Figma Editor was approved at level 1',
          }),
        ]),
      );
      expect(await told()).toHaveLength(3);
      expect(await outcomes()).toEqual([
        {
          requestId: request.id,
          level: 1,
          approver: ref('olivia.chen'),
          status: 'approved',
          by: ADMIN,
          onBehalf: true,
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'ends the request on a denial for the approvers of the last level (%p)',
    async id => {
      const { useCases, request, told } = await setup(id);
      await useCases.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      const denied = await useCases.decide(
        request.id,
        { decision: 'denied' },
        { actor: ADMIN, onBehalf: true },
      );
      expect(denied.status).toBe('denied');
      expect(denied.history.map(h => [h.type, h.actor, h.onBehalfOf])).toEqual([
        ['submitted', ref('emma.jones'), undefined],
        ['approval-requested', 'system', undefined],
        ['approved', ref('olivia.chen'), undefined],
        ['approval-requested', 'system', undefined],
        ['denied', ADMIN, [ref('sofia.garcia')]],
      ]);
      const messages = await told();
      expect(messages).toContainEqual({
        recipients: [ref('emma.jones')],
        title: 'Your request for Figma Editor was denied',
        description: `Denied by ${BY_ADMIN}`,
        requestId: request.id,
      });
      expect(messages).toContainEqual({
        recipients: [ref('sofia.garcia')],
        title: `Figma Editor for Emma Jones was denied by ${BY_ADMIN}`,
        description: 'Level 2 needs no decision from you any more',
        requestId: request.id,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'approves the last level to fulfillment, and lets an approver who may override decide as themselves (%p)',
    async id => {
      const { useCases, request, told } = await setup(id);
      // Olivia may override but is the approver: her own decision.
      const atLevel2 = await useCases.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen'), onBehalf: true },
      );
      expect(atLevel2.history.at(-2)).toMatchObject({
        type: 'approved',
        actor: ref('olivia.chen'),
      });
      expect(atLevel2.history.some(h => h.onBehalfOf)).toBe(false);
      expect(
        atLevel2.approvals.find(a => a.approver === ref('olivia.chen'))
          ?.decision,
      ).toBe('approved');

      const done = await useCases.decide(
        request.id,
        { decision: 'approved' },
        { actor: ADMIN, onBehalf: true },
      );
      // Manual fulfillment: approved means done.
      expect(done.status).toBe('fulfilled');
      expect(done.history.find(h => h.onBehalfOf)).toMatchObject({
        type: 'approved',
        level: 2,
        actor: ADMIN,
        onBehalfOf: [ref('sofia.garcia')],
      });
      // Tickets name who approved each level: Olivia, then the admin.
      expect(approvedBy(done).map(a => [a.level, a.approver])).toEqual([
        [1, ref('olivia.chen')],
        [2, ADMIN],
      ]);
      expect(
        (await told()).filter(m => m.recipients.includes(ref('sofia.garcia'))),
      ).toContainEqual(
        expect.objectContaining({
          title: `Figma Editor for Emma Jones was approved by ${BY_ADMIN}`,
        }),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses an override on the admin’s own request or on one that waits for nothing (%p)',
    async id => {
      const { useCases, request } = await setup(id);
      const own = await useCases.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ADMIN },
      );
      await expect(
        useCases.decide(
          own.id,
          { decision: 'approved' },
          { actor: ADMIN, onBehalf: true },
        ),
      ).rejects.toThrow('You cannot decide on your own request');
      await useCases.decide(
        request.id,
        { decision: 'denied' },
        { actor: ref('olivia.chen') },
      );
      await expect(
        useCases.decide(
          request.id,
          { decision: 'approved' },
          { actor: ADMIN, onBehalf: true },
        ),
      ).rejects.toThrow(/is denied; there is nothing to decide/);
    },
  );
});
