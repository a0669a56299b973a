import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import productivHomeModuleEmail from '@internal/plugin-productiv-home-backend-module-email';
import productivHomeModuleJsm from '@internal/plugin-productiv-home-backend-module-jira-service-management';
import productivHomeModuleOkta from '@internal/plugin-productiv-home-backend-module-okta';
import productivHomeModuleSlack from '@internal/plugin-productiv-home-backend-module-slack';
import productivHomeModuleZendesk from '@internal/plugin-productiv-home-backend-module-zendesk';
import { productivHomeSchedulerServiceRef } from '@internal/plugin-productiv-home-node';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { AddressInfo } from 'node:net';

/**
 * The admin's test plan of issue 6, end to end through the real channels
 * against the sandbox, once per ticketing system: deny at level 1 in Slack;
 * approve at level 1 by e-mail, then deny at level 2 in Slack; ignore
 * (reminders arrive, the request stays open); approve an app with an Okta
 * group (the sandbox's Okta shows the membership); approve an app without
 * one (a ticket appears; resolving it there fulfils the request).
 */

jest.setTimeout(120_000);

const ref = (name: string) => `user:default/${name}`;
const email = (name: string) => `${name}@acme.example.com`;
const JSM_SECRET = 'plan-webhook-secret';

describe.each(['jira-service-management', 'zendesk', 'email'])(
  'admin test plan with %s ticketing',
  ticketing => {
    let sandbox: Sandbox;
    let base: string;
    // A scheduler whose tasks the test triggers (reminders, ticket checks).
    const scheduler = mockServices.scheduler() as ReturnType<
      typeof mockServices.scheduler
    > & {
      factory(options: {
        skipTaskRunOnStartup: boolean;
      }): ReturnType<typeof mockServices.scheduler.factory>;
    };

    beforeAll(async () => {
      for (const v of [
        'HTTPS_PROXY',
        'https_proxy',
        'HTTP_PROXY',
        'http_proxy',
      ])
        delete process.env[v];
      sandbox = await startSandbox({ activity: false });
      const groups: Array<{ id: string; name: string }> = await fetch(
        `${sandbox.urls.inspector}/api/okta/groups`,
      ).then(r => r.json());
      const group = (name: string) => groups.find(g => g.name === name)!.id;
      const { server } = await startTestBackend({
        features: [
          productivHomePlugin,
          productivHomeModuleOkta,
          productivHomeModuleSlack,
          productivHomeModuleEmail,
          productivHomeModuleJsm,
          productivHomeModuleZendesk,
          scheduler.factory({ skipTaskRunOnStartup: true }),
          // The plugin and its modules schedule on their guarded scheduler.
          createServiceFactory({
            service: productivHomeSchedulerServiceRef,
            deps: {},
            factory: () => scheduler,
          }),
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          mockServices.rootConfig.factory({
            data: {
              productivHome: { ticketing },
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
                slack: {
                  apiUrl: sandbox.urls.slack,
                  ...sandbox.credentials.slack,
                },
                jiraServiceManagement: {
                  host: sandbox.urls.jira,
                  ...sandbox.credentials.jira,
                  webhookSecret: JSM_SECRET,
                },
                zendesk: {
                  url: sandbox.urls.zendesk,
                  ...sandbox.credentials.zendesk,
                },
                email: {
                  smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
                  from: 'Productiv <productiv@acme.example.com>',
                  itAddress: 'it-desk@acme.example.com',
                },
              },
            },
          }),
          // The inventory: Figma's tiers are Okta groups; Miro has none.
          createServiceFactory({
            service: provisioningWorkflowsInventoryServiceRef,
            deps: {},
            factory: () => ({
              listApps: async () =>
                [
                  {
                    key: 'figma',
                    name: 'Figma',
                    instances: [
                      {
                        id: '0oaFigma',
                        appKey: 'figma',
                        label: 'Figma',
                        status: 'ACTIVE',
                        groups: [],
                        tiers: [
                          { tier: 'viewer', groupId: group('Figma Viewer') },
                          { tier: 'editor', groupId: group('Figma Editor') },
                        ],
                        assignedUsers: 0,
                      },
                    ],
                  },
                ] as any,
              listAssignments: async () => [],
              listHoldings: async () => [],
              getPeerUsage: async () => {
                throw new Error('not used');
              },
            }),
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
      sandbox.state.workspace.options.interactivityUrl = `${base}/api/productiv-home/slack/interactivity`;
      sandbox.state.desk.options.webhookUrl = `${base}/api/productiv-home/jira-service-management/webhook`;
      sandbox.state.desk.options.webhookSecret = JSM_SECRET;

      await api(ref('alex.morgan'), 'PUT', '/apps/figma', {
        name: 'Figma',
        tiers: ['viewer', 'editor'],
        owners: [ref('sofia.garcia')],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }, { type: 'app-owner' }],
        },
        fulfillment: 'automatic',
        okta: {
          instanceId: '0oaFigma',
          tiers: [
            {
              tier: 'viewer',
              grant: 'okta-group',
              groupId: group('Figma Viewer'),
            },
            {
              tier: 'editor',
              grant: 'okta-group',
              groupId: group('Figma Editor'),
            },
          ],
        },
      });
      await api(ref('alex.morgan'), 'PUT', '/apps/miro', {
        name: 'Miro',
        tiers: ['member'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'ticket',
      });
    });
    afterAll(() => sandbox.stop());

    async function api(
      who: string,
      method: string,
      path: string,
      body?: object,
    ) {
      const res = await fetch(`${base}/api/productiv-home${path}`, {
        method,
        headers: {
          authorization: mockCredentials.user.header(who),
          'content-type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    }
    const method = (approvalMethod: 'slack' | 'email') =>
      api(ref('alex.morgan'), 'PUT', '/settings', {
        approvalMethod,
        defaultApprovers: [{ type: 'manager' }],
        reminderHours: [0.0002],
        justificationRequired: false,
      });
    async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean) {
      for (let i = 0; i < 150; i++) {
        const v = await read();
        if (ok(v)) return v;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error('timed out');
    }
    const request = (who: string, appKey: string, tier: string) =>
      api(ref(who), 'POST', '/requests', { appKey, tier });
    const status = async (id: string) =>
      (await api(ref('alex.morgan'), 'GET', `/requests/${id}`)).status;
    /** The newest Slack DM to someone whose text matches. */
    const dm = (name: string, text: RegExp) => {
      const user = sandbox.state.workspace.users.find(
        u => u.email === email(name),
      )!;
      return until(
        () =>
          [...sandbox.state.workspace.messages]
            .reverse()
            .find(m => m.recipient === user.id && text.test(m.text)),
        m => Boolean(m),
      ).then(m => m!);
    };
    const click = async (
      name: string,
      text: RegExp,
      action: 'approve' | 'deny',
    ) => {
      const message = await dm(name, text);
      const result = await sandbox.state.workspace.click({
        channel: message.channel,
        ts: message.ts,
        actionId: `productiv_home_${action}`,
      });
      expect(result.status).toBe(200);
    };

    it('denies at level 1 in Slack', async () => {
      await method('slack');
      const r = await request('emma.jones', 'figma', 'editor');
      await click('olivia.chen', /Emma Jones asks for Figma Editor/, 'deny');
      expect(await status(r.id)).toBe('denied');
    });

    it('approves at level 1 by e-mail, then denies at level 2 in Slack', async () => {
      await method('email');
      const r = await request('liam.patel', 'figma', 'editor');
      const mail = await until(
        () =>
          sandbox.state.inbox.find(
            m =>
              m.to.includes(email('olivia.chen')) &&
              m.subject === 'Approve Figma Editor for Liam Patel?',
          ),
        m => Boolean(m),
      );
      // The next level's approver is asked in Slack.
      await method('slack');
      const approve = mail!.links
        .find(l => l.includes('/email/decide/'))!
        .replace(/^http:\/\/localhost:\d+/, base);
      const posted = await fetch(approve, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(posted.status).toBe(200);
      expect(await status(r.id)).toBe('pending_approval');
      await click('sofia.garcia', /Liam Patel asks for Figma Editor/, 'deny');
      expect(await status(r.id)).toBe('denied');
    });

    it('keeps an ignored request open and reminds the approver', async () => {
      await method('slack');
      const r = await request('noah.kim', 'miro', 'member');
      await dm('olivia.chen', /Noah Kim asks for Miro Member/);
      await new Promise(res => setTimeout(res, 1000));
      await scheduler.triggerTask('productiv-home:approval-reminders');
      await dm(
        'olivia.chen',
        /Reminder: Noah Kim is still waiting for your decision on Miro Member\./,
      );
      expect(await status(r.id)).toBe('pending_approval');
    });

    it("approves an app with an Okta group: the sandbox's Okta shows the membership", async () => {
      await method('slack');
      const r = await request('liam.patel', 'figma', 'editor');
      await click('olivia.chen', /Liam Patel asks for Figma Editor/, 'approve');
      await click(
        'sofia.garcia',
        /Liam Patel asks for Figma Editor/,
        'approve',
      );
      await until(
        () => status(r.id),
        s => s === 'fulfilled',
      );
      const groups: Array<{ name: string; members: string[] }> = await fetch(
        `${sandbox.urls.inspector}/api/okta/groups`,
      ).then(res => res.json());
      expect(groups.find(g => g.name === 'Figma Editor')!.members).toContain(
        email('liam.patel'),
      );
    });

    it('approves an app without one: a ticket appears, resolving it there fulfils the request', async () => {
      await method('slack');
      const r = await request('emma.jones', 'miro', 'member');
      await click('olivia.chen', /Emma Jones asks for Miro Member/, 'approve');
      const waiting = await until(
        () => api(ref('emma.jones'), 'GET', `/requests/${r.id}`),
        x => Boolean(x.fulfillment?.externalId),
      );
      expect(waiting).toMatchObject({
        status: 'fulfilling',
        fulfillment: { provider: ticketing },
      });
      const ticket = waiting.fulfillment.externalId;
      if (ticketing === 'jira-service-management') {
        // Resolved in JSM: its webhook tells Productiv Home.
        await sandbox.state.desk.transition(ticket, 'Resolved', 'DONE');
      } else if (ticketing === 'zendesk') {
        // Solved in Zendesk: found by the next status check.
        sandbox.state.helpdesk.find(Number(ticket))!.status = 'solved';
        await scheduler.triggerTask('productiv-home:ticket-checks');
      } else {
        // IT marks the e-mail done.
        const mail = await until(
          () =>
            sandbox.state.inbox.find(
              m =>
                m.to.includes('it-desk@acme.example.com') &&
                /Miro/.test(m.subject),
            ),
          m => Boolean(m),
        );
        const done = mail!.links
          .find(l => l.includes('/email/done/'))!
          .replace(/^http:\/\/localhost:\d+/, base);
        const marked = await fetch(done, { method: 'POST' });
        if (marked.status !== 200)
          throw new Error(`Mark as done: ${marked.status}`);
      }
      await until(
        () => status(r.id),
        s => s === 'fulfilled',
      );
    });
  },
);
