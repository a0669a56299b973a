import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
// The module is tested through the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import {
  demoUserEmail as email,
  demoUserRef as ref,
  productivHomeTestApi,
} from '@internal/plugin-productiv-home-node/testUtils';
import { provisioningWorkflowsInventoryServiceMock } from '@internal/plugin-provisioning-workflows-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  SlackMessage,
  startSandbox,
} from '@internal/sandbox';
import { createHmac } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { APPROVE_ALL_ACTION } from './approvalsList';
import { APPROVE_ACTION } from './messages';
import { productivHomeModuleSlack } from './module';
import { APP_ACTION } from './requestModal';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const INSTANCE = '0oafigma';
/** Figma in the inventory: Viewer (free, 10 seats) below Editor ($15, 10 seats, 8 held). */
const FIGMA = {
  key: 'figma',
  name: 'Figma',
  instances: [
    {
      id: INSTANCE,
      appKey: 'figma',
      label: 'Figma',
      status: 'ACTIVE' as const,
      groups: [
        { id: '00gviewers', name: 'Figma Viewers', priority: 1 },
        { id: '00geditors', name: 'Figma Editors', priority: 2 },
      ],
      assignedUsers: 13,
      tiers: [
        {
          tier: 'viewer',
          displayName: 'Viewer',
          groupId: '00gviewers',
          monthlyPrice: 0,
          seats: 10,
          holders: 5,
          rank: 0,
          source: 'admin' as const,
        },
        {
          tier: 'editor',
          displayName: 'Editor',
          groupId: '00geditors',
          monthlyPrice: 15,
          seats: 10,
          holders: 8,
          rank: 1,
          source: 'admin' as const,
        },
      ],
    },
  ],
};
/** Who holds which tier of Figma: Liam a Viewer; Noah and Ava (his team) Editors. */
const HOLDERS: Record<string, { tier: string; groupId: string }> = {
  'liam.patel': { tier: 'viewer', groupId: '00gviewers' },
  'noah.kim': { tier: 'editor', groupId: '00geditors' },
  'ava.rossi': { tier: 'editor', groupId: '00geditors' },
};

const inventory = provisioningWorkflowsInventoryServiceMock.factory({
  listApps: async () => [FIGMA],
  listAssignments: async () =>
    Object.entries(HOLDERS).map(([name, h]) => ({
      oktaUserId: `00u${name}`,
      email: email(name),
      entityRef: ref(name),
      scope: 'GROUP' as const,
      groupId: h.groupId,
      tier: h.tier,
      signIns30d: 3,
      signIns90d: 9,
    })),
  listHoldings: async entityRef => {
    const name = entityRef.replace('user:default/', '');
    const h = HOLDERS[name];
    return h
      ? [
          {
            instanceId: INSTANCE,
            appKey: 'figma',
            appName: 'Figma',
            instanceLabel: 'Figma',
            tier: h.tier,
            groupId: h.groupId,
            assignedAt: '2026-06-01T00:00:00Z',
          },
        ]
      : [];
  },
  getPeerUsage: async entityRef => ({
    entityRef,
    teams: ['group:default/platform-engineering'],
    title: 'Software Engineer',
    department: 'Engineering',
    byTeam: [{ appKey: 'figma', appName: 'Figma', users: 3 }],
    byTitle: [{ appKey: 'figma', appName: 'Figma', users: 5 }],
    byDepartment: [{ appKey: 'figma', appName: 'Figma', users: 12 }],
  }),
});

type AuditEvent = {
  eventId: string;
  meta: Record<string, unknown>;
  outcome?: 'success' | 'fail';
  error?: string;
};

describe.each(databases.eachSupportedId())(
  'Slack as a front door, on %s',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let base: string;
    let api: ReturnType<typeof productivHomeTestApi>;
    const audits: AuditEvent[] = [];
    const refusedAudits = () =>
      audits
        .filter(a => a.outcome === 'fail')
        .map(a => `${a.eventId}: ${a.meta.reason ?? a.error}`);

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          productivHomePlugin,
          productivHomeModuleSlack,
          mockServices.database.factory({ knex }),
          inventory,
          catalogServiceMock.factory({
            entities: [
              ...demoUserEntities(),
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Group',
                metadata: { name: 'platform-engineering' },
                spec: {
                  type: 'team',
                  children: [],
                  profile: { displayName: 'Platform Engineering' },
                },
              },
            ],
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
          createServiceFactory({
            service: coreServices.auditor,
            deps: {},
            factory: () => ({
              createEvent: async options => {
                const event: AuditEvent = {
                  eventId: options.eventId,
                  meta: { ...(options.meta ?? {}) },
                };
                audits.push(event);
                return {
                  success: async (o?: { meta?: object }) => {
                    event.outcome = 'success';
                    Object.assign(event.meta, o?.meta ?? {});
                  },
                  fail: async (o: { error: Error }) => {
                    event.outcome = 'fail';
                    event.error = o.error.message;
                  },
                };
              },
            }),
          }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://portal' },
              connectors: {
                slack: {
                  apiUrl: sandbox.urls.slack,
                  botToken: sandbox.credentials.slack.botToken,
                  signingSecret: sandbox.credentials.slack.signingSecret,
                },
              },
            },
          }),
        ],
      });
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
      api = productivHomeTestApi(base);
      const ws = sandbox.state.workspace;
      ws.options.interactivityUrl = `${base}/api/productiv-home/slack/interactivity`;
      ws.options.commandUrl = `${base}/api/productiv-home/slack/commands`;

      const admin = ref('alex.morgan');
      await api(admin, 'PUT', '/settings', {
        approvalMethod: 'slack',
        defaultApprovers: [{ type: 'manager' }],
        reminderHours: [24],
        justificationRequired: true,
      });
      await api(admin, 'PUT', '/apps/figma', {
        name: 'Figma',
        description: 'Design together',
        tiers: ['viewer', 'editor'],
        owners: [ref('sofia.garcia')],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }, { type: 'app-owner' }],
        },
        fulfillment: 'manual',
        okta: {
          instanceId: INSTANCE,
          tiers: [
            { tier: 'viewer', grant: 'okta-group', groupId: '00gviewers' },
            { tier: 'editor', grant: 'okta-group', groupId: '00geditors' },
          ],
        },
      });
      await api(admin, 'PUT', '/apps/miro', {
        name: 'Miro',
        tiers: ['member'],
        owners: [],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'manual',
      });
    });
    afterAll(() => sandbox.stop());

    const slackId = (name: string) =>
      sandbox.state.workspace.users.find(u => u.email === email(name))!.id;
    /** The messages to a person whose text matches, once there are `count`. */
    async function dmsTo(name: string, text: RegExp, count = 1) {
      let found: SlackMessage[] = [];
      for (let i = 0; i < 150; i++) {
        found = sandbox.state.workspace.messages.filter(
          m => m.recipient === slackId(name) && text.test(m.text),
        );
        if (found.length >= count) return found;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(
        `${found.length} of ${count} Slack messages to ${name} match ${text}`,
      );
    }
    async function until(
      what: string,
      check: () => boolean | Promise<boolean>,
    ) {
      for (let i = 0; i < 150; i++) {
        if (await check()) return;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(`Timed out waiting for ${what}`);
    }
    const requestsOf = async (name: string) =>
      (await api(ref(name), 'GET', '/requests?scope=mine')).items as any[];
    /** Opens the modal as `name` and chooses the app; the modal it shows. */
    async function modalFor(name: string, app: string, search = '') {
      const ws = sandbox.state.workspace;
      const typed = await ws.command({
        command: '/productiv',
        text: `request ${search}`,
        userId: slackId(name),
      });
      expect(typed.status).toBe(200);
      const view = ws.topView(slackId(name))!;
      expect(view).toBeDefined();
      const chose = await ws.enterInView({
        viewId: view.id,
        actionId: APP_ACTION,
        value: app,
      });
      expect(chose.delivered?.status).toBe(200);
      return view;
    }
    const enter = (viewId: string, actionId: string, value: string) =>
      sandbox.state.workspace.enterInView({ viewId, actionId, value });
    /** POSTs a body to one of the module's Request URLs, signed with `secret`. */
    function signedPost(
      path: 'commands' | 'interactivity',
      body: string,
      options: { secret?: string; timestamp?: number } = {},
    ) {
      const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac(
        'sha256',
        options.secret ?? sandbox.credentials.slack.signingSecret,
      )
        .update(`v0:${ts}:${body}`)
        .digest('hex')}`;
      return fetch(`${base}/api/productiv-home/slack/${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': signature,
        },
        body,
      });
    }

    it('helps with the command, alone or with help', async () => {
      for (const text of ['', 'help', 'nonsense']) {
        const typed = await sandbox.state.workspace.command({
          command: '/productiv',
          text,
          userId: slackId('emma.jones'),
        });
        expect(typed.shown?.text).toContain('/productiv request');
        expect(typed.shown?.text).toContain('/productiv approvals');
      }
    });

    it('requests an app in the modal: app, tiers lowest first with prices and what one holds, justification, duration; refusals show on their field', async () => {
      const view = await modalFor('emma.jones', 'figma', 'fig');
      // Searched: only Figma is offered.
      expect(
        view.view.blocks[0].element.options.map((o: any) => o.text.text),
      ).toEqual(['Figma']);
      const tierBlock = view.view.blocks.find(
        (b: any) => b.block_id === 'tier',
      );
      expect(tierBlock.element.options.map((o: any) => o.text.text)).toEqual([
        'Viewer · $0/month',
        'Editor · $15/month',
      ]);
      await enter(view.id, 'productiv_home_request_tier', 'editor');
      await enter(view.id, 'productiv_home_request_duration', '90');

      // Justification required by the settings.
      const refused = await sandbox.state.workspace.submitView({
        viewId: view.id,
      });
      expect(refused.outcome).toBe('errors');
      expect(view.errors).toEqual({
        justification: expect.stringMatching(/justification is required/),
      });
      expect(await requestsOf('emma.jones')).toEqual([]);

      await enter(
        view.id,
        'productiv_home_request_justification',
        'Design reviews',
      );
      const sent = await sandbox.state.workspace.submitView({
        viewId: view.id,
      });
      expect(sent.outcome).toBe('updated');
      expect(view.view.title.text).toBe('Request sent');
      const [request] = await requestsOf('emma.jones');
      expect(request).toMatchObject({
        appKey: 'figma',
        tier: 'editor',
        justification: 'Design reviews',
        accessDays: 90,
        status: 'pending_approval',
        level: 1,
      });
      expect(audits).toContainEqual(
        expect.objectContaining({
          eventId: 'request-create',
          outcome: 'success',
          meta: expect.objectContaining({
            via: 'slack',
            requester: ref('emma.jones'),
            requestId: request.id,
            accessDays: '90',
          }),
        }),
      );
      // Emma hears it was sent; Olivia gets the card, with its context.
      await dmsTo('emma.jones', /^Your request for Figma Editor was sent/);
      const [card] = await dmsTo(
        'olivia.chen',
        /Emma Jones asks for Figma Editor/,
      );
      const fields = card.blocks[1].fields.map((f: any) => f.text);
      expect(fields).toEqual(
        expect.arrayContaining([
          '*Requester*\nEmma Jones\nSoftware Engineer · Platform Engineering',
          '*Duration*\n90 days',
          '*Cost of the tier*\n15 per month · 2 free seats',
          // Noah and Ava, on her team, hold Editor.
          '*Team at this tier*\n2 on their team hold Editor',
          '*Peers using it (last 30 days)*\n3 on their team, 5 with their title, 12 in their department',
        ]),
      );

      // The same request again: refused on the tier.
      const again = await modalFor('emma.jones', 'figma');
      await enter(again.id, 'productiv_home_request_tier', 'editor');
      await enter(again.id, 'productiv_home_request_justification', 'Again');
      expect(
        (await sandbox.state.workspace.submitView({ viewId: again.id }))
          .outcome,
      ).toBe('errors');
      expect(again.errors.tier).toMatch(/already have an open request/);

      // Liam holds Viewer: the form says so, and Viewer again is refused.
      const liam = await modalFor('liam.patel', 'figma');
      const liamTiers = liam.view.blocks.find(
        (b: any) => b.block_id === 'tier',
      );
      expect(liamTiers.hint.text).toBe(
        'You have Figma Viewer now; another tier replaces it.',
      );
      expect(liamTiers.element.options[0].text.text).toBe(
        'Viewer · $0/month · you have it',
      );
      await enter(liam.id, 'productiv_home_request_tier', 'viewer');
      await enter(liam.id, 'productiv_home_request_justification', 'Reviews');
      await sandbox.state.workspace.submitView({ viewId: liam.id });
      expect(liam.errors.tier).toMatch(/^You already have Figma Viewer/);

      // An app removed from the catalog while the form was open.
      const lucas = await modalFor('lucas.meyer', 'miro');
      await api(ref('alex.morgan'), 'DELETE', '/apps/miro');
      await enter(lucas.id, 'productiv_home_request_tier', 'member');
      await enter(lucas.id, 'productiv_home_request_justification', 'Boards');
      await sandbox.state.workspace.submitView({ viewId: lucas.id });
      expect(lucas.errors.app).toMatch(/not offered in Productiv Home/);
      expect(await requestsOf('lucas.meyer')).toEqual([]);
      expect(refusedAudits()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^request-create: .*justification is required/),
          expect.stringMatching(
            /^request-create: You already have an open request/,
          ),
          expect.stringMatching(
            /^request-create: You already have Figma Viewer/,
          ),
          expect.stringMatching(/^request-create: miro is not offered/),
        ]),
      );
    });

    it('approves in bulk, level by level: every card is updated, each requester is told at each step, refusals are reported', async () => {
      const ws = sandbox.state.workspace;
      // Emma's request from above, and two more for Olivia.
      const liam = await api(ref('liam.patel'), 'POST', '/requests', {
        appKey: 'figma',
        tier: 'editor',
        justification: 'Prototypes',
      });
      const lucas = await api(ref('lucas.meyer'), 'POST', '/requests', {
        appKey: 'figma',
        tier: 'viewer',
        justification: 'Specs',
        accessDays: 30,
      });
      const [emma] = await requestsOf('emma.jones');
      const cards = await dmsTo('olivia.chen', /asks (for|to change) Figma/, 3);

      const listed = await ws.command({
        command: '/productiv',
        text: 'approvals',
        userId: slackId('olivia.chen'),
      });
      const list = listed.shown!;
      expect(list.text).toBe('3 requests wait for your decision');
      const listText = JSON.stringify(list.blocks);
      for (const card of cards) {
        // A link to each card: Slack's permalink of the message.
        expect(listText).toContain(
          `archives/${card.channel}/p${card.ts.replace('.', '')}`,
        );
      }
      expect(listText).toContain(
        'Lucas Meyer* asks for *Figma Viewer* · 30 days',
      );
      expect(listText).toContain('Approve all 3');

      // Lucas cancels before Olivia clicks.
      await api(ref('lucas.meyer'), 'POST', `/requests/${lucas.id}/cancel`);
      const clicked = await ws.click({
        channel: list.channel,
        ts: list.ts,
        actionId: APPROVE_ALL_ACTION,
      });
      expect(clicked.status).toBe(200);
      await until('the bulk result', () => list.text.startsWith('Approved'));
      expect(list.text).toBe('Approved 2 of 3');
      const result = JSON.stringify(list.blocks);
      expect(result).toContain('Figma Editor for Emma Jones');
      expect(result).toContain(
        'Figma Editor (instead of Viewer) for Liam Patel',
      );
      expect(result).toMatch(
        /Figma Viewer for Lucas Meyer: .*no longer waits for a decision/,
      );
      for (const [who, id] of [
        ['emma.jones', emma.id],
        ['liam.patel', liam.id],
      ]) {
        const request = await api(ref(who), 'GET', `/requests/${id}`);
        expect(request).toMatchObject({ status: 'pending_approval', level: 2 });
      }
      // Every card shows how it ended, without buttons.
      await until('all three cards updated', () =>
        cards.every(c => c.updates > 0),
      );
      const texts = cards.map(c => c.text).sort();
      expect(texts).toEqual([
        'Approved by Olivia Chen',
        'Approved by Olivia Chen',
        'Cancelled by the requester',
      ]);
      for (const c of cards)
        expect(JSON.stringify(c.blocks)).not.toContain(APPROVE_ACTION);
      await dmsTo('emma.jones', /was approved at level 1/);
      await dmsTo(
        'liam.patel',
        /^Your request for Figma Editor \(instead of Viewer\) was sent/,
      );
      await dmsTo('liam.patel', /was approved at level 1/);
      await dmsTo('lucas.meyer', /^Your request for Figma Viewer was sent/);
      expect(
        audits.filter(
          a => a.eventId === 'slack-click' && a.meta.bulk === 'true',
        ),
      ).toHaveLength(2);
      expect(refusedAudits()).toContainEqual(
        expect.stringMatching(/^slack-click-refused: .*no longer waits/),
      );

      // Sofia, the app owner, approves level 2 the same way.
      const level2 = await dmsTo(
        'sofia.garcia',
        /asks (for|to change) Figma/,
        2,
      );
      const sofiaList = (
        await ws.command({
          command: '/productiv',
          text: 'approvals',
          userId: slackId('sofia.garcia'),
        })
      ).shown!;
      expect(sofiaList.text).toBe('2 requests wait for your decision');
      await ws.click({
        channel: sofiaList.channel,
        ts: sofiaList.ts,
        actionId: APPROVE_ALL_ACTION,
      });
      await until('the second bulk result', () =>
        sofiaList.text.startsWith('Approved'),
      );
      expect(sofiaList.text).toBe('Approved 2 of 2');
      await until('the level-2 cards updated', () =>
        level2.every(c => c.updates > 0),
      );
      // Manual fulfillment: access is there once approved.
      await dmsTo('emma.jones', /^You have access to Figma Editor/);
      await dmsTo('liam.patel', /^You have access to Figma Editor/);
      expect(
        (await api(ref('emma.jones'), 'GET', `/requests/${emma.id}`)).status,
      ).toBe('fulfilled');
    });

    it('approves only what waits for the clicker: a bulk button with someone else’s request approves nothing of it', async () => {
      const noah = await api(ref('mia.nguyen'), 'POST', '/requests', {
        appKey: 'figma',
        tier: 'viewer',
        justification: 'Specs',
      });
      // Mia's manager is James Walker; Olivia's list is empty.
      await dmsTo('james.walker', /Mia Nguyen asks for Figma Viewer/);
      const ws = sandbox.state.workspace;
      const empty = (
        await ws.command({
          command: '/productiv',
          text: 'approvals',
          userId: slackId('olivia.chen'),
        })
      ).shown!;
      expect(empty.text).toBe('No request waits for your decision.');
      // A forged button on that message, validly signed: Home refuses it.
      empty.blocks = [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: APPROVE_ALL_ACTION,
              text: { type: 'plain_text', text: 'Approve all 1' },
              value: JSON.stringify([{ r: noah.id, l: 1 }]),
            },
          ],
        },
      ];
      await ws.click({
        channel: empty.channel,
        ts: empty.ts,
        actionId: APPROVE_ALL_ACTION,
      });
      await until('the result', () => empty.text.startsWith('Approved'));
      expect(empty.text).toBe('Approved 0 of 1');
      expect(JSON.stringify(empty.blocks)).toMatch(
        /not an approver of request/,
      );
      expect(
        (await api(ref('mia.nguyen'), 'GET', `/requests/${noah.id}`)).status,
      ).toBe('pending_approval');
    });

    it('refuses forged, stale and replayed commands and form submissions, changes nothing and audits them', async () => {
      const ws = sandbox.state.workspace;
      const before = ws.views.size;
      const command = new URLSearchParams({
        command: '/productiv',
        text: 'request',
        user_id: slackId('noah.kim'),
        trigger_id: ws.issueTrigger(slackId('noah.kim')),
        channel_id: ws.dmChannel(slackId('noah.kim')),
      }).toString();
      expect(
        (await signedPost('commands', command, { secret: 'not-it' })).status,
      ).toBe(401);
      expect(
        (
          await signedPost('commands', command, {
            timestamp: Math.floor(Date.now() / 1000) - 600,
          })
        ).status,
      ).toBe(401);
      expect((await signedPost('commands', command)).status).toBe(200);
      expect((await signedPost('commands', command)).status).toBe(409);
      // Only the one accepted command opened a modal.
      expect(ws.views.size).toBe(before + 1);

      const view = ws.topView(slackId('noah.kim'))!;
      await enter(view.id, APP_ACTION, 'figma');
      await enter(view.id, 'productiv_home_request_tier', 'viewer');
      await enter(view.id, 'productiv_home_request_justification', 'Docs');
      const secret = ws.options.signingSecret;
      ws.options.signingSecret = 'not-the-secret';
      const forged = await ws.submitView({ viewId: view.id });
      ws.options.signingSecret = secret;
      expect(forged.status).toBe(401);
      expect(await requestsOf('noah.kim')).toEqual([]);

      const real = await ws.submitView({ viewId: view.id });
      expect(real.outcome).toBe('updated');
      const replay = await signedPost(
        'interactivity',
        `payload=${encodeURIComponent(JSON.stringify(real.payload))}`,
      );
      expect(replay.status).toBe(409);
      expect(await requestsOf('noah.kim')).toHaveLength(1);
      expect(refusedAudits()).toEqual(
        expect.arrayContaining([
          'slack-command-refused: bad signature',
          'slack-command-refused: stale request',
          'slack-command-refused: replayed command',
          'slack-click-refused: bad signature',
          'slack-click-refused: replayed submission',
        ]),
      );
    });
  },
);
