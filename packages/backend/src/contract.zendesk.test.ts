import { TestDatabases } from '@backstage/backend-test-utils';
import productivHomeModuleZendesk from '@internal/plugin-productiv-home-backend-module-zendesk';
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
 * The contract of the Zendesk module's webhook, through the real plugin and
 * module on SQLite and PostgreSQL with NODE_ENV=production: unsigned,
 * forged and stale deliveries 401, a body that is not JSON or names no
 * ticket 400, a replayed delivery 409, an oversized body 413, Zendesk
 * unreadable 503 (then the redelivery counts), and a solved ticket that
 * fulfils the request 204; every answer is one its spec declares, every
 * error body Backstage's.
 */

jest.setTimeout(120_000);

const ROUTE = '/api/productiv-home/zendesk/webhook';
const SECRET = 'zendesk-webhook-secret';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the Zendesk webhook contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-productiv-home-backend-module-zendesk',
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
        modules: [productivHomeModuleZendesk],
        connectors: {
          zendesk: {
            url: sandbox.urls.zendesk,
            email: sandbox.credentials.zendesk.email,
            apiToken: sandbox.credentials.zendesk.apiToken,
            webhookSigningSecret: SECRET,
          },
        },
      }));
      home = callAs(server, '/api/productiv-home', t => t);
      await home('put', '/apps/miro', 'alex.morgan', {
        name: 'Miro',
        tiers: ['member'],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'ticket',
      });
    });
    afterAll(() => sandbox.stop());

    const stamp = (at = Date.now()) =>
      new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const sign = (timestamp: string, body: string, secret = SECRET) =>
      createHmac('sha256', secret)
        .update(timestamp + body)
        .digest('base64');
    const post = (
      body: string,
      options: { at?: number; secret?: string; unsigned?: boolean } = {},
    ) => {
      const timestamp = stamp(options.at);
      const test = request(server).post(ROUTE).type('json');
      return contract.checked(
        options.unsigned
          ? test.send(body)
          : test
              .set('X-Zendesk-Webhook-Signature-Timestamp', timestamp)
              .set(
                'X-Zendesk-Webhook-Signature',
                sign(timestamp, body, options.secret),
              )
              .send(body),
      );
    };

    it('answers Zendesk and whoever else calls the webhook', async () => {
      const created = await home('post', '/requests', 'liam.patel', {
        appKey: 'miro',
        tier: 'member',
      });
      const ticketed = await until(
        () => home('get', `/requests/${created.body.id}`, 'liam.patel'),
        r => Boolean(r.body.fulfillment?.externalId),
      );
      const ticketId = ticketed.body.fulfillment.externalId;
      expect(ticketed.body.status).toBe('fulfilling');
      const body = JSON.stringify({ ticket: { id: ticketId, status: 'Open' } });

      const refusals: Array<[string, request.Test, number, string]> = [
        ['unsigned', post(body, { unsigned: true }), 401, 'bad signature'],
        ['forged', post(body, { secret: 'a-guess' }), 401, 'bad signature'],
        [
          'stale',
          post(body, { at: Date.now() - 6 * 60_000 }),
          401,
          'stale delivery',
        ],
        ['not JSON', post('{"ticket":'), 400, 'not JSON'],
        ['no ticket', post('{"ticket":{}}'), 400, 'no ticket'],
      ];
      for (const [what, sent, status, reason] of refusals) {
        const answer = await sent;
        expect({ what, status: answer.status }).toEqual({ what, status });
        expect(answer.body.error.message).toMatch(new RegExp(`^${reason}: `));
      }
      const huge = JSON.stringify({ padding: 'x'.repeat(1_100_000) });
      const big = await post(huge);
      expect(big.status).toBe(413);
      expect(big.body.error.name).toBe('PayloadTooLargeError');

      // Still open in Zendesk: taken, nothing changes.
      expect((await post(body)).status).toBe(204);
      const still = await home(
        'get',
        `/requests/${created.body.id}`,
        'liam.patel',
      );
      expect(still.body.status).toBe('fulfilling');

      // Solved; Zendesk cannot be read at first (503, forgotten), then the
      // redelivery fulfils the request, and a replay is refused.
      await sandbox.state.helpdesk.setStatus(
        sandbox.state.helpdesk.find(Number(ticketId))!,
        'solved',
      );
      const solved = JSON.stringify({
        ticket: { id: ticketId, status: 'Solved' },
      });
      const at = Date.now();
      sandbox.state.faults.failNext('zendesk', 1, '500');
      const unavailable = await post(solved, { at });
      expect(unavailable.status).toBe(503);
      expect(unavailable.body.error.name).toBe('ServiceUnavailableError');
      expect((await post(solved, { at })).status).toBe(204);
      const done = await home(
        'get',
        `/requests/${created.body.id}`,
        'liam.patel',
      );
      expect(done.body.status).toBe('fulfilled');
      const replayed = await post(solved, { at });
      expect(replayed.status).toBe(409);
      expect(replayed.body.error.message).toBe(
        'replayed delivery: this delivery was already handled',
      );
    });

    it('answered only what the spec declares, a 2xx and a 4xx on every route', () => {
      expect(contract.untested()).toEqual([]);
      expect(contract.covered()).toEqual([
        'POST /zendesk/webhook 204',
        'POST /zendesk/webhook 400',
        'POST /zendesk/webhook 401',
        'POST /zendesk/webhook 409',
        'POST /zendesk/webhook 413',
        'POST /zendesk/webhook 503',
      ]);
    });
  },
);
