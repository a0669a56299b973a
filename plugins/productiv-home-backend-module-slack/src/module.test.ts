import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { createHmac } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { APPROVE_ACTION, DENY_ACTION } from './SlackApprovalChannel';
import { productivHomeModuleSlack } from './module';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;

/** Audit events that ended in failure: `eventId: reason`. */
const refusals: string[] = [];
const recordingAuditor = createServiceFactory({
  service: coreServices.auditor,
  deps: {},
  factory: () => ({
    createEvent: async (options: any) => ({
      success: async () => {},
      fail: async () =>
        void refusals.push(`${options.eventId}: ${options.meta?.reason}`),
    }),
  }),
});

describe('Slack approvals, through the plugin', () => {
  let sandbox: Sandbox;
  let base: string;

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleSlack,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        recordingAuditor,
        mockServices.rootConfig.factory({
          data: {
            connectors: {
              slack: {
                apiUrl: sandbox.urls.slack,
                botToken: sandbox.credentials.slack.botToken,
                signingSecret: sandbox.credentials.slack.signingSecret,
              },
            },
          },
        }),
        createServiceFactory({
          service: provisioningWorkflowsInventoryServiceRef,
          deps: {},
          factory: () => ({
            listApps: async () => [],
            listAssignments: async () => [],
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

    const admin = ref('alex.morgan');
    await api(admin, 'PUT', '/settings', {
      approvalMethod: 'slack',
      defaultApprovers: [{ type: 'manager' }],
      reminderHours: [24],
      justificationRequired: false,
    });
    await api(admin, 'PUT', '/apps/figma', {
      name: 'Figma',
      tiers: ['viewer', 'editor'],
      owners: [ref('sofia.garcia')],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }, { type: 'app-owner' }],
      },
      fulfillment: 'manual',
    });
  });
  afterAll(() => sandbox.stop());

  async function api(who: string, method: string, path: string, body?: object) {
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
  const email = (name: string) => `${name}@acme.example.com`;
  /** The DM to a person whose text matches, once it has been posted. */
  async function dmTo(name: string, text: RegExp) {
    const user = sandbox.state.workspace.users.find(
      u => u.email === email(name),
    )!;
    for (let i = 0; i < 100; i++) {
      const message = sandbox.state.workspace.messages.find(
        m => m.recipient === user.id && text.test(m.text),
      );
      if (message) return message;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`No Slack DM to ${name} matching ${text}`);
  }
  const statusOf = async (id: string) =>
    (await api(ref('alex.morgan'), 'GET', `/requests/${id}`)).status;

  it('approves at level 1 and denies at level 2 with the buttons; messages show the outcome', async () => {
    const request = await api(ref('emma.jones'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Design reviews',
    });
    const first = await dmTo(
      'olivia.chen',
      /Emma Jones asks for Figma \(editor\)/,
    );
    expect(JSON.stringify(first.blocks)).toContain('Design reviews');

    const click = await sandbox.state.workspace.click({
      channel: first.channel,
      ts: first.ts,
      actionId: APPROVE_ACTION,
    });
    expect(click.status).toBe(200);
    expect(await statusOf(request.id)).toBe('pending_approval');

    const second = await dmTo('sofia.garcia', /asks for Figma/);
    // A click by someone else than the assigned approver: refused, no change.
    const liam = sandbox.state.workspace.users.find(
      u => u.email === email('liam.patel'),
    )!;
    const wrong = await sandbox.state.workspace.click({
      channel: second.channel,
      ts: second.ts,
      actionId: APPROVE_ACTION,
      userId: liam.id,
    });
    expect(wrong.status).toBe(403);
    expect(await statusOf(request.id)).toBe('pending_approval');
    expect(refusals.at(-1)).toMatch(
      /^slack-click-refused: You are not an approver of request .* at level 2$/,
    );

    const denied = await sandbox.state.workspace.click({
      channel: second.channel,
      ts: second.ts,
      actionId: DENY_ACTION,
    });
    expect(denied.status).toBe(200);
    expect(await statusOf(request.id)).toBe('denied');

    // Both messages lose their buttons and show the outcome.
    for (let i = 0; i < 50; i++) {
      if (first.updates && second.updates) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(first.text).toBe('Approved by user:default/olivia.chen');
    expect(second.text).toBe('Denied by user:default/sofia.garcia');
    expect(JSON.stringify(second.blocks)).not.toContain(DENY_ACTION);
    // And the requester hears of it in Slack.
    await dmTo('emma.jones', /was denied/);
  });

  it('refuses forged, stale and replayed clicks, and changes nothing', async () => {
    const request = await api(ref('noah.kim'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'viewer',
    });
    const message = await dmTo(
      'olivia.chen',
      /Noah Kim asks for Figma \(viewer\)/,
    );
    const url = `${base}/api/productiv-home/slack/interactivity`;

    // Signed with the wrong secret.
    const secret = sandbox.state.workspace.options.signingSecret;
    sandbox.state.workspace.options.signingSecret = 'not-the-secret';
    const forged = await sandbox.state.workspace.click({
      channel: message.channel,
      ts: message.ts,
      actionId: APPROVE_ACTION,
    });
    sandbox.state.workspace.options.signingSecret = secret;
    expect(forged.status).toBe(401);

    // Signed, but ten minutes old.
    const stale = await sandbox.state.workspace.click({
      channel: message.channel,
      ts: message.ts,
      actionId: APPROVE_ACTION,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    expect(await statusOf(request.id)).toBe('pending_approval');

    // A real click, then the very same request sent again.
    const real = await sandbox.state.workspace.click({
      channel: message.channel,
      ts: message.ts,
      actionId: DENY_ACTION,
    });
    expect(real.status).toBe(200);
    expect(await statusOf(request.id)).toBe('denied');
    // The same click delivered again (validly signed, within the window).
    const body = `payload=${encodeURIComponent(JSON.stringify(real.payload))}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const replay = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': `v0=${createHmac('sha256', secret)
          .update(`v0:${ts}:${body}`)
          .digest('hex')}`,
      },
      body,
    });
    expect(replay.status).toBe(409);
    expect(await statusOf(request.id)).toBe('denied');
    // Every refusal was audited.
    expect(refusals).toEqual(
      expect.arrayContaining([
        'slack-click-refused: bad signature',
        'slack-click-refused: stale request',
        'slack-click-refused: replayed click',
      ]),
    );
  });
});
