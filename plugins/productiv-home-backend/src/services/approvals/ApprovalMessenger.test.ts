import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import {
  DEFAULT_PEOPLE_ANNOTATIONS,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovalChannel,
  ApprovalMessage,
  RequestUpdateMessage,
} from '@internal/plugin-productiv-home-node';
import { demoUserEntities } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { CatalogPeopleDirectory } from '../people/CatalogPeopleDirectory';
import { CHANNEL_JOBS, NOTIFICATION_JOB } from '../requests/requestJobs';
import { RequestUseCases } from '../requests/RequestUseCases';
import { AccessService } from '../access/AccessService';
import { ApprovalMessenger } from './ApprovalMessenger';
import { ApprovalReminderWorker } from './ApprovalReminderWorker';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;

const figma: HomeApp = {
  appKey: 'figma',
  name: 'Figma',
  description: '',
  category: 'Design',
  tiers: ['viewer', 'editor'],
  owners: [ref('sofia.garcia')],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }, { type: 'app-owner' }],
  },
  fulfillment: 'manual',
  okta: {
    instanceId: '0oa1',
    tiers: [
      { tier: 'viewer', grant: 'okta-group', groupId: '00gViewer' },
      { tier: 'editor', grant: 'okta-group', groupId: '00gEditor' },
    ],
  },
};

/** A channel that records what it was asked to send, as Slack or e-mail would. */
function recordingChannel(id: string) {
  const sent: string[] = [];
  const messages: ApprovalMessage[] = [];
  const updates: RequestUpdateMessage[] = [];
  let n = 0;
  const channel: ApprovalChannel = {
    id,
    requestApproval: async m => {
      messages.push(m);
      sent.push(
        `ask ${m.approverRef} L${m.level} ${m.appName} ${m.tierName}${
          m.fromTierName ? ` from ${m.fromTierName}` : ''
        } for ${m.requesterName} at ${m.tierMonthlyCost}/month, ${
          m.peers?.team
        } peers on the team`,
      );
      return { ref: `msg-${++n}` };
    },
    showOutcome: async (m, messageRef, outcome) =>
      void sent.push(
        `update ${messageRef} ${m.approverRef}: ${outcome.status} by ${outcome.by}`,
      ),
    remind: async m => void sent.push(`remind ${m.approverRef}`),
    tellRequester: async u => {
      updates.push(u);
      sent.push(`tell ${u.recipientEmail}: ${u.title} (${u.description})`);
    },
  };
  return { channel, sent, messages, updates };
}

describe('ApprovalMessenger', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(
    id: TestDatabaseId,
    method: 'slack' | 'email',
    installed: Array<'slack' | 'email'> = ['slack'],
  ) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const {
      requests: store,
      approvals,
      apps,
    } = ProductivHomeDatabase.stores(knex, jobs);
    const people = new CatalogPeopleDirectory({
      catalog: catalogServiceMock({ entities: demoUserEntities() }),
      auth: mockServices.auth(),
      annotations: DEFAULT_PEOPLE_ANNOTATIONS,
    });
    let clock = Date.parse('2026-11-02T09:00:00Z');
    const settings: HomeSettings = {
      approvalMethod: method,
      defaultApprovers: [],
      reminderHours: [24],
      justificationRequired: false,
    };
    // What people hold in Okta: by person, the Okta groups they are in.
    const holdings = new Map<string, string[]>();
    const inventory = {
      listApps: async () =>
        [
          {
            key: 'figma',
            name: 'Figma',
            instances: [
              {
                id: '0oa1',
                appKey: 'figma',
                label: 'Figma',
                status: 'ACTIVE',
                groups: [],
                tiers: [
                  {
                    tier: 'viewer',
                    groupId: '00gViewer',
                    displayName: 'View only',
                    source: 'admin',
                  },
                  {
                    tier: 'editor',
                    groupId: '00gEditor',
                    displayName: 'Editor',
                    monthlyPrice: 15,
                    source: 'admin',
                  },
                ],
                assignedUsers: 3,
              },
            ],
          },
        ] as any,
      listAssignments: async () => [],
      getPeerUsage: async (entityRef: string) => ({
        entityRef,
        teams: [],
        byTeam: [{ appKey: 'figma', appName: 'Figma', users: 4 }],
        byTitle: [],
        byDepartment: [],
      }),
      listHoldings: async (entityRef: string) =>
        (holdings.get(entityRef) ?? []).map(groupId => ({
          instanceId: '0oa1',
          appKey: 'figma',
          appName: 'Figma',
          instanceLabel: 'Figma',
          groupId,
          assignedAt: '2026-01-05T00:00:00Z',
        })),
    };
    const access = new AccessService({
      inventory,
      auth: mockServices.auth(),
      apps: { current: async () => ({ apps: [figma] }) },
    });
    const deps = {
      store,
      apps,
      people,
      access,
      settings: async () => settings,
      now: () => clock,
    };
    const requests = new RequestUseCases(deps);
    const reminders = new ApprovalReminderWorker({
      ...deps,
      approvals,
      tiers: access,
    });
    const slack = recordingChannel('slack');
    const email = recordingChannel('email');
    const channels = { slack, email };
    const messenger = new ApprovalMessenger({
      store,
      jobs,
      apps,
      connectors: new ConnectorsService({
        providers: new Map(),
        channels: new Map(
          installed.map(c => [c, channels[c].channel] as const),
        ),
        logger: mockServices.logger.mock(),
      }),
      people,
      settings: async () => settings,
      appBaseUrl: 'http://portal.test',
      logger: mockServices.logger.mock(),
      auth: mockServices.auth(),
      inventory,
      tiers: access,
    });
    const runner = new JobRunner({
      store: jobs,
      worker: 'test',
      handlers: messenger.handlers(),
    });
    await apps.putApp(figma, ref('alex.morgan'), clock);
    return {
      requests,
      reminders,
      runner,
      jobs,
      sent: slack.sent,
      emailed: email.sent,
      asked: slack.messages,
      told: slack.updates,
      holdings,
      settings,
      advance: (ms: number) => (clock += ms),
    };
  }

  it.each(databases.eachSupportedId())(
    'asks each approver in the channel, updates their message with the outcome, reminds and tells the requester (%p)',
    async id => {
      const { requests, reminders, runner, sent, advance } = await setup(
        id,
        'slack',
      );
      const request = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      await runner.runOnce();
      // Asked, and told it was sent (in either order).
      expect([...sent].sort()).toEqual([
        'ask user:default/olivia.chen L1 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
        'tell emma.jones@acme.example.com: Your request for Figma Editor was sent (It waits for Olivia Chen)',
      ]);
      sent.splice(
        0,
        sent.length,
        'ask user:default/olivia.chen L1 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
      );

      // Ignored for a day: a reminder, once.
      advance(25 * 3600 * 1000);
      expect(await reminders.sendReminders()).toBe(1);
      expect(await reminders.sendReminders()).toBe(0);
      await runner.runOnce();
      expect(sent.slice(1)).toEqual(['remind user:default/olivia.chen']);

      await requests.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      await runner.runOnce();
      expect(sent.slice(2).sort()).toEqual([
        'ask user:default/sofia.garcia L2 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
        'tell emma.jones@acme.example.com: Your request for Figma Editor was approved at level 1 (It now waits for the next approver)',
        'update msg-1 user:default/olivia.chen: approved by Olivia Chen',
      ]);
      await requests.decide(
        request.id,
        { decision: 'denied', comment: 'Use the viewer tier' },
        { actor: ref('sofia.garcia') },
      );
      await runner.runOnce();
      expect(sent.slice(5).sort()).toEqual([
        'tell emma.jones@acme.example.com: Your request for Figma Editor was denied (Use the viewer tier)',
        'update msg-2 user:default/sofia.garcia: denied by Sofia Garcia',
      ]);
      // Nothing is sent twice, whatever runs again.
      await runner.runOnce();
      expect(sent).toHaveLength(7);
    },
  );

  it.each(databases.eachSupportedId())(
    'shows an admin decision for the approvers on their message, by name and on their behalf (%p)',
    async id => {
      const { requests, runner, sent } = await setup(id, 'slack');
      const request = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      await runner.runOnce();
      expect(sent).toContain(
        'tell emma.jones@acme.example.com: Your request for Figma Editor was sent (It waits for Olivia Chen)',
      );
      sent.splice(0, sent.length, ...sent.filter(s => !/ was sent \(/.test(s)));
      await requests.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('alex.morgan'), onBehalf: true },
      );
      await runner.runOnce();
      expect(sent.slice(1).sort()).toEqual([
        'ask user:default/sofia.garcia L2 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
        'tell emma.jones@acme.example.com: Your request for Figma Editor was approved at level 1 (It now waits for the next approver)',
        'update msg-1 user:default/olivia.chen: approved by Alex Morgan, an admin, on behalf of the approvers',
      ]);
      await requests.decide(
        request.id,
        { decision: 'denied' },
        { actor: ref('alex.morgan'), onBehalf: true },
      );
      await runner.runOnce();
      expect(sent.slice(4).sort()).toEqual([
        'tell emma.jones@acme.example.com: Your request for Figma Editor was denied (No reason given)',
        'update msg-2 user:default/sofia.garcia: denied by Alex Morgan, an admin, on behalf of the approvers',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'ends the jobs at once when the settings name a channel that is not installed (%p)',
    async id => {
      const { requests, runner, jobs, sent } = await setup(id, 'email');
      await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      // Asking the approver and telling the requester it was sent.
      expect(await runner.runOnce()).toEqual({
        succeeded: 2,
        retried: 0,
        failed: 0,
      });
      expect(sent).toEqual([]);
      const [job] = (
        await jobs.list({ type: CHANNEL_JOBS.approvalRequest, limit: 1 })
      ).items;
      expect(job.result).toEqual({ skipped: 'no email channel installed' });
    },
  );

  it.each(databases.eachSupportedId())(
    'shows the outcome in the channel that asked, after the approval method changed (%p)',
    async id => {
      const { requests, runner, sent, emailed, settings } = await setup(
        id,
        'slack',
        ['slack', 'email'],
      );
      const request = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      await runner.runOnce();
      // Asked, and told it was sent (in either order).
      expect([...sent].sort()).toEqual([
        'ask user:default/olivia.chen L1 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
        'tell emma.jones@acme.example.com: Your request for Figma Editor was sent (It waits for Olivia Chen)',
      ]);
      sent.splice(
        0,
        sent.length,
        'ask user:default/olivia.chen L1 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
      );
      // The super admin moves approvals to e-mail; Olivia decides in the portal.
      settings.approvalMethod = 'email';
      await requests.decide(
        request.id,
        { decision: 'approved' },
        { actor: ref('olivia.chen') },
      );
      expect(await runner.runOnce()).toMatchObject({ failed: 0 });
      // Her Slack message shows it; the next level and Emma hear by e-mail.
      expect(sent.slice(1)).toEqual([
        'update msg-1 user:default/olivia.chen: approved by Olivia Chen',
      ]);
      expect(emailed.sort()).toEqual([
        'ask user:default/sofia.garcia L2 Figma Editor for Emma Jones at 15/month, 4 peers on the team',
        'tell emma.jones@acme.example.com: Your request for Figma Editor was approved at level 1 (It now waits for the next approver)',
      ]);
      // And back: Sofia was asked by e-mail, so her outcome goes there.
      settings.approvalMethod = 'slack';
      await requests.decide(
        request.id,
        { decision: 'denied' },
        { actor: ref('sofia.garcia') },
      );
      await runner.runOnce();
      expect(emailed.slice(2)).toEqual([
        'update msg-1 user:default/sofia.garcia: denied by Sofia Garcia',
      ]);
      expect(sent.slice(2)).toEqual([
        'tell emma.jones@acme.example.com: Your request for Figma Editor was denied (No reason given)',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'names a tier change by both tiers, from the inventory, for the approver and the requester (%p)',
    async id => {
      const {
        requests,
        reminders,
        runner,
        jobs,
        sent,
        asked,
        told,
        holdings,
        advance,
      } = await setup(id, 'slack');
      // Emma is in the Okta group of Figma's viewer tier.
      holdings.set(ref('emma.jones'), ['00gViewer']);
      const request = await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('emma.jones') },
      );
      expect(request.fromTier).toBe('viewer');
      await runner.runOnce();
      expect([...sent].sort()).toEqual([
        'ask user:default/olivia.chen L1 Figma Editor from View only for Emma Jones at 15/month, 4 peers on the team',
        'tell emma.jones@acme.example.com: Your request for Figma Editor (instead of View only) was sent (It waits for Olivia Chen)',
      ]);
      expect(asked[0]).toMatchObject({
        appName: 'Figma',
        tier: 'editor',
        tierName: 'Editor',
        fromTier: 'viewer',
        fromTierName: 'View only',
        requesterName: 'Emma Jones',
        requestedAt: request.createdAt,
      });
      // A day later, Olivia is reminded in Slack and in the portal.
      advance(25 * 3600 * 1000);
      expect(await reminders.sendReminders()).toBe(1);
      const [reminder] = (
        await jobs.list({ type: NOTIFICATION_JOB, limit: 20 })
      ).items.filter(j => j.key.includes(':reminder:'));
      expect(reminder.payload).toMatchObject({
        recipients: [ref('olivia.chen')],
        title:
          'Reminder: Emma Jones is waiting for your decision on Figma Editor (instead of View only)',
        description: 'Requested on 2 November 2026 at 09:00 UTC',
      });
      await runner.runOnce();
      expect(sent).toContain('remind user:default/olivia.chen');

      await requests.decide(
        request.id,
        { decision: 'denied', comment: 'Viewing is enough' },
        { actor: ref('olivia.chen') },
      );
      await runner.runOnce();
      expect(sent).toContain(
        'tell emma.jones@acme.example.com: Your request for Figma Editor (instead of View only) was denied (Viewing is enough)',
      );
      expect(told[0]).toMatchObject({
        appName: 'Figma',
        tierName: 'Editor',
        fromTierName: 'View only',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'names a requester the catalog does not know by the name in their ref (%p)',
    async id => {
      const { requests, runner, asked, settings } = await setup(id, 'slack');
      settings.fallbackApprover = ref('alex.morgan');
      await requests.submit(
        { appKey: 'figma', tier: 'editor' },
        { requester: ref('new.hire') },
      );
      await runner.runOnce();
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({
        approverRef: ref('alex.morgan'),
        requesterName: 'new.hire',
        tierName: 'Editor',
      });
      expect(asked[0].fromTierName).toBeUndefined();
    },
  );
});
