import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested through the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import {
  demoUserEmail as email,
  demoUserRef as ref,
  ProductivHomeTestApi,
  recordingAuditor,
  startProductivHomeTestBackend,
} from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { createHmac } from 'node:crypto';
import { APPROVE_ACTION, DENY_ACTION } from './messages';
import { productivHomeModuleSlack } from './module';

jest.setTimeout(60_000);

/** Audit events that ended in failure: `eventId: reason`. */
const auditor = recordingAuditor();
const refusals = auditor.refusals;

describe('Slack approvals, through the plugin', () => {
  let sandbox: Sandbox;
  let base: string;
  let api: ProductivHomeTestApi;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
    ({ baseUrl: base, api } = await startProductivHomeTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleSlack,
        // Samuel Lewis is in Slack but not in the catalog.
        catalogServiceMock.factory({
          entities: demoUserEntities().filter(
            e => e.metadata.name !== 'samuel.lewis',
          ),
        }),
        auditor.factory,
      ],
      config: {
        connectors: {
          slack: {
            apiUrl: sandbox.urls.slack,
            botToken: sandbox.credentials.slack.botToken,
            signingSecret: sandbox.credentials.slack.signingSecret,
          },
        },
      },
    }));
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
  /** Sends a click payload to the endpoint, signed like Slack signs it. */
  async function signedClick(payload: object) {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const ts = String(Math.floor(Date.now() / 1000));
    return fetch(`${base}/api/productiv-home/slack/interactivity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': `v0=${createHmac(
          'sha256',
          sandbox.credentials.slack.signingSecret,
        )
          .update(`v0:${ts}:${body}`)
          .digest('hex')}`,
      },
      body,
    });
  }
  const statusOf = async (id: string) =>
    (await api(ref('alex.morgan'), 'GET', `/requests/${id}`)).status;

  it('approves at level 1 and denies at level 2 with the buttons; messages show the outcome', async () => {
    const request = await api(ref('emma.jones'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Design reviews',
    });
    const first = await dmTo('olivia.chen', /Emma Jones asks for Figma Editor/);
    const facts = JSON.stringify(first.blocks);
    for (const fact of ['Emma Jones', 'Figma', 'Editor', 'Design reviews'])
      expect(facts).toContain(fact);
    expect(JSON.stringify(first.blocks)).toContain(
      JSON.stringify(JSON.stringify({ requestId: request.id, level: 1 })),
    );

    const click = await sandbox.state.workspace.click({
      channel: first.channel,
      ts: first.ts,
      actionId: APPROVE_ACTION,
    });
    expect(click.status).toBe(200);
    expect(await statusOf(request.id)).toBe('pending_approval');

    const second = await dmTo('sofia.garcia', /asks for Figma/);
    // Olivia clicks Deny on her level-1 message before it lost its
    // buttons (a new, validly signed click): it cannot decide level 2.
    const late = await signedClick({
      ...click.payload,
      actions: [
        {
          ...click.payload.actions[0],
          action_id: DENY_ACTION,
          action_ts: `${Math.floor(Date.now() / 1000)}.999999`,
        },
      ],
    });
    expect(late.status).toBe(200);
    expect(refusals.at(-1)).toMatch(
      /^slack-click-refused: .*no longer waits for a decision at level 1$/,
    );
    expect(await statusOf(request.id)).toBe('pending_approval');
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
    // Slack gets its 200; Liam alone is told why nothing happened.
    expect(wrong.status).toBe(200);
    expect(await statusOf(request.id)).toBe('pending_approval');
    expect(refusals.at(-1)).toMatch(
      /^slack-click-refused: You are not an approver of request .* at level 2$/,
    );
    expect(sandbox.state.workspace.responses.at(-1)).toMatchObject({
      user: liam.id,
      ts: second.ts,
      responseType: 'ephemeral',
      replaceOriginal: false,
      text: expect.stringMatching(
        /^Your click was not counted: You are not an approver of request/,
      ),
    });

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
    expect(first.text).toBe('Approved by Olivia Chen');
    expect(second.text).toBe('Denied by Sofia Garcia');
    expect(JSON.stringify(second.blocks)).not.toContain(DENY_ACTION);
    // And the requester hears of it in Slack.
    await dmTo('emma.jones', /was denied/);
  });

  it('refuses forged, stale and replayed clicks, and changes nothing', async () => {
    const request = await api(ref('noah.kim'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'viewer',
    });
    const message = await dmTo('olivia.chen', /Noah Kim asks for Figma Viewer/);

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
    // The same error body as every other route.
    expect(JSON.parse(forged.body)).toMatchObject({
      error: {
        name: 'AuthenticationError',
        message: expect.stringMatching(/^bad signature: .*signingSecret/),
      },
      response: { statusCode: 401 },
    });

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
    const replay = await signedClick(real.payload);
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
  it('is listed as a connector whose live test calls auth.test', async () => {
    const admin = ref('alex.morgan');
    const { items } = await api(admin, 'GET', '/connectors');
    expect(items).toContainEqual(
      expect.objectContaining({ id: 'slack', role: 'approvals', active: true }),
    );
    expect(await api(admin, 'POST', '/connectors/slack/test')).toMatchObject({
      ok: true,
      detail: 'Connected to Slack as productiv in Acme',
    });
  });

  it('tells a Slack user the portal does not know that their click was not counted', async () => {
    const request = await api(ref('emma.jones'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'viewer',
    });
    const message = await dmTo(
      'olivia.chen',
      /Emma Jones asks for Figma Viewer/,
    );
    const samuel = sandbox.state.workspace.users.find(
      u => u.email === email('samuel.lewis'),
    )!;
    const click = await sandbox.state.workspace.click({
      channel: message.channel,
      ts: message.ts,
      actionId: APPROVE_ACTION,
      userId: samuel.id,
    });
    expect(click.status).toBe(200);
    expect(await statusOf(request.id)).toBe('pending_approval');
    expect(refusals.at(-1)).toBe(
      'slack-click-refused: Slack user not in the catalog',
    );
    expect(sandbox.state.workspace.responses.at(-1)).toMatchObject({
      user: samuel.id,
      text: expect.stringContaining('matches no single person in the portal'),
    });
    // The approver's own click still counts.
    await sandbox.state.workspace.click({
      channel: message.channel,
      ts: message.ts,
      actionId: DENY_ACTION,
    });
    expect(await statusOf(request.id)).toBe('denied');
  });

  it('answers Slack within 3 seconds when deciding takes longer, and decides after', async () => {
    const request = await api(ref('noah.kim'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'editor',
    });
    const message = await dmTo('olivia.chen', /Noah Kim asks for Figma Editor/);
    // Slack itself is slow: looking up the clicker takes 3.5 s.
    sandbox.state.faults.set('slack', { delayRate: 1, delayMs: 3500 });
    const started = Date.now();
    const click = sandbox.state.workspace.click({
      channel: message.channel,
      ts: message.ts,
      actionId: DENY_ACTION,
    });
    const answered = await click;
    sandbox.state.faults.reset();
    expect(answered.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await statusOf(request.id)).toBe('pending_approval');
    for (let i = 0; i < 50; i++) {
      if ((await statusOf(request.id)) === 'denied') break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(await statusOf(request.id)).toBe('denied');
  });
});

describe('Slack approvals without connectors.slack', () => {
  it('registers no channel and no interactivity endpoint', async () => {
    const logged: string[] = [];
    const { baseUrl: base } = await startProductivHomeTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleSlack,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => {
            const logger: any = {
              info: (m: string) => void logged.push(m),
              warn: () => {},
              error: () => {},
              debug: () => {},
              child: () => logger,
            };
            return logger;
          },
        }),
      ],
    });
    const res = await fetch(`${base}/api/productiv-home/slack/interactivity`, {
      method: 'POST',
      headers: { authorization: mockCredentials.user.header() },
      body: 'payload=%7B%7D',
    });
    expect(res.status).toBe(404);
    const connectors = await fetch(`${base}/api/productiv-home/connectors`, {
      headers: {
        authorization: mockCredentials.user.header('user:default/alex.morgan'),
      },
    });
    const { items } = await connectors.json();
    expect(items.map((c: { id: string }) => c.id)).not.toContain('slack');
    expect(logged).toContain(
      'connectors.slack is not configured; Slack approvals are off',
    );
  });
});
