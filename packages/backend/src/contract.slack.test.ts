import { TestDatabases } from '@backstage/backend-test-utils';
import productivHomeModuleSlack from '@internal/plugin-productiv-home-backend-module-slack';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { createHmac } from 'node:crypto';
import { Server } from 'node:http';
import request from 'supertest';
import { pluginContract } from './__testUtils__/contract';
import { callAs, startHomeBackend } from './__testUtils__/homeBackend';
import { inProduction } from './__testUtils__/production';
import { until } from './__testUtils__/until';

/**
 * The contract of the Slack module's interactivity route, through the real
 * plugin and module on SQLite and PostgreSQL with NODE_ENV=production:
 * unsigned, forged and stale calls 401, unreadable ones 400, a replayed
 * click 409, an oversized body 413, and a click that decides 200; every
 * answer is one its spec declares, every error body Backstage's.
 */

jest.setTimeout(120_000);

const ROUTE = '/api/productiv-home/slack/interactivity';
const APPROVE = 'productiv_home_approve';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the Slack interactivity contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-productiv-home-backend-module-slack',
      '/api/productiv-home',
    );
    let sandbox: Sandbox;
    let server: Server;
    let home: ReturnType<typeof callAs>;
    inProduction();
    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      ({ server } = await startHomeBackend(databases, databaseId, {
        modules: [productivHomeModuleSlack],
        connectors: {
          slack: {
            apiUrl: sandbox.urls.slack,
            botToken: sandbox.credentials.slack.botToken,
            signingSecret: sandbox.credentials.slack.signingSecret,
          },
        },
      }));
      home = callAs(server, '/api/productiv-home', t => t);
      await home('put', '/settings', 'alex.morgan', {
        approvalMethod: 'slack',
        defaultApprovers: [{ type: 'manager' }],
        reminderHours: [24],
        justificationRequired: false,
      });
      await home('put', '/apps/figma', 'alex.morgan', {
        name: 'Figma',
        tiers: ['editor'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'manual',
      });
    });
    afterAll(() => sandbox.stop());

    /** Posts a form body, signed at `timestamp` with `secret` unless told otherwise. */
    const post = (
      body: string,
      sign: { timestamp?: number; secret?: string; unsigned?: boolean } = {},
    ) => {
      const timestamp = String(sign.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac(
        'sha256',
        sign.secret ?? sandbox.credentials.slack.signingSecret,
      )
        .update(`v0:${timestamp}:${body}`)
        .digest('hex')}`;
      const test = request(server)
        .post(ROUTE)
        .type('form')
        .set('X-Slack-Request-Timestamp', timestamp);
      return contract.checked(
        sign.unsigned
          ? test.send(body)
          : test.set('X-Slack-Signature', signature).send(body),
      );
    };
    const form = (payload: object) =>
      `payload=${encodeURIComponent(JSON.stringify(payload))}`;

    it('answers Slack and whoever else calls the interactivity URL', async () => {
      const created = await home('post', '/requests', 'emma.jones', {
        appKey: 'figma',
        tier: 'editor',
      });
      const olivia = sandbox.state.workspace.users.find(
        u => u.email === 'olivia.chen@acme.example.com',
      )!;
      // The approver's message with its buttons, as Slack shows it.
      let message = undefined as any;
      for (let i = 0; i < 100 && !message; i++) {
        message = sandbox.state.workspace.messages.find(
          m => m.recipient === olivia.id && /asks for Figma/.test(m.text),
        );
        if (!message) await new Promise(r => setTimeout(r, 100));
      }
      const button = message.blocks
        .flatMap((b: any) => b.elements ?? [])
        .find((e: any) => e.action_id === APPROVE);
      const click = {
        type: 'block_actions',
        user: { id: olivia.id },
        container: { type: 'message', message_ts: message.ts },
        actions: [
          {
            action_id: APPROVE,
            value: button.value,
            action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
          },
        ],
      };

      const refusals: Array<[string, request.Test, number, string]> = [
        [
          'unsigned',
          post(form(click), { unsigned: true }),
          401,
          'bad signature',
        ],
        [
          'forged',
          post(form(click), { secret: 'a-guess' }),
          401,
          'bad signature',
        ],
        [
          'stale',
          post(form(click), { timestamp: Math.floor(Date.now() / 1000) - 600 }),
          401,
          'stale request',
        ],
        ['no payload', post('text=approve'), 400, 'no payload'],
        [
          'not a click',
          post(form({ ...click, user: undefined })),
          400,
          'malformed click',
        ],
      ];
      for (const [what, sent, status, reason] of refusals) {
        const answer = await sent;
        expect({ what, status: answer.status }).toEqual({ what, status });
        expect(answer.body.error.message).toMatch(new RegExp(`^${reason}: `));
      }
      const big = await post(`payload=${'x'.repeat(300_000)}`);
      expect(big.status).toBe(413);
      expect(big.body.error.name).toBe('PayloadTooLargeError');
      // Nothing of that decided anything.
      const pending = await home(
        'get',
        `/requests/${created.body.id}`,
        'emma.jones',
      );
      expect(pending.body.status).toBe('pending_approval');

      // Another app's interaction is acknowledged and left alone.
      expect((await post(form({ type: 'view_submission' }))).status).toBe(200);

      const decided = await post(form(click));
      expect(decided.status).toBe(200);
      const after = await until(
        () => home('get', `/requests/${created.body.id}`, 'emma.jones'),
        r => r.body.status !== 'pending_approval',
      );
      expect(after.body.status).toBe('fulfilled');
      const replayed = await post(form(click));
      expect(replayed.status).toBe(409);
      expect(replayed.body.error.message).toBe(
        'replayed click: this click was already handled',
      );
    });

    it('answers the slash command: signed, fresh and once', async () => {
      const emma = sandbox.state.workspace.users.find(
        u => u.email === 'emma.jones@acme.example.com',
      )!;
      const command = (fields: Record<string, string>) =>
        new URLSearchParams({
          command: '/productiv',
          user_id: emma.id,
          trigger_id: `${Date.now()}.contract.${Math.random()}`,
          ...fields,
        }).toString();
      const sendCommand = (
        body: string,
        sign: { timestamp?: number; secret?: string } = {},
      ) => {
        const timestamp = String(
          sign.timestamp ?? Math.floor(Date.now() / 1000),
        );
        const signature = `v0=${createHmac(
          'sha256',
          sign.secret ?? sandbox.credentials.slack.signingSecret,
        )
          .update(`v0:${timestamp}:${body}`)
          .digest('hex')}`;
        return contract.checked(
          request(server)
            .post('/api/productiv-home/slack/commands')
            .type('form')
            .set('X-Slack-Request-Timestamp', timestamp)
            .set('X-Slack-Signature', signature)
            .send(body),
        );
      };
      const help = command({ text: 'help' });
      const answered = await sendCommand(help);
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining('/productiv request'),
      });
      expect((await sendCommand(help)).status).toBe(409);
      expect(
        (await sendCommand(command({ text: 'help' }), { secret: 'a-guess' }))
          .status,
      ).toBe(401);
      expect(
        (
          await sendCommand(command({ text: 'help' }), {
            timestamp: Math.floor(Date.now() / 1000) - 600,
          })
        ).status,
      ).toBe(401);
      const malformed = await sendCommand('text=help');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/^malformed command: /);
      expect(
        (await sendCommand(command({ text: 'x'.repeat(70_000) }))).status,
      ).toBe(413);
    });

    it('answered only what the spec declares, a 2xx and a 4xx on every route', () => {
      expect(contract.untested()).toEqual([]);
      expect(contract.covered()).toEqual([
        'POST /slack/commands 200',
        'POST /slack/commands 400',
        'POST /slack/commands 401',
        'POST /slack/commands 409',
        'POST /slack/commands 413',
        'POST /slack/interactivity 200',
        'POST /slack/interactivity 400',
        'POST /slack/interactivity 401',
        'POST /slack/interactivity 409',
        'POST /slack/interactivity 413',
      ]);
    });
  },
);
