import { TestDatabases } from '@backstage/backend-test-utils';
import productivHomeModuleJsm from '@internal/plugin-productiv-home-backend-module-jira-service-management';
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
 * The contract of the Jira Service Management module's webhook, through the
 * real plugin and module on SQLite and PostgreSQL with NODE_ENV=production:
 * unsigned, forged and stale deliveries 401, a body that is not JSON 400, a
 * replayed delivery 409, an oversized body 413, and a status change that
 * fulfils the request 204; every answer is one its spec declares, every
 * error body Backstage's.
 */

jest.setTimeout(120_000);

const ROUTE = '/api/productiv-home/jira-service-management/webhook';
const SECRET = 'jsm-webhook-secret';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the JSM webhook contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-productiv-home-backend-module-jira-service-management',
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
        modules: [productivHomeModuleJsm],
        connectors: {
          jiraServiceManagement: {
            host: sandbox.urls.jira,
            ...sandbox.credentials.jira,
            webhookSecret: SECRET,
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

    const post = (body: string, signature?: string) => {
      const test = request(server).post(ROUTE).type('json');
      return contract.checked(
        signature === undefined
          ? test.send(body)
          : test.set('X-Hub-Signature', signature).send(body),
      );
    };
    const sign = (body: string, secret = SECRET) =>
      `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const event = (key: string, at = Date.now(), status = 'Resolved') =>
      JSON.stringify({
        timestamp: at,
        webhookEvent: 'jira:issue_updated',
        issue: {
          key,
          fields: { status: { name: status, statusCategory: { key: 'done' } } },
        },
        changelog: { id: `c-${at}`, items: [{ field: 'status' }] },
      });

    it('answers Jira and whoever else calls the webhook', async () => {
      const created = await home('post', '/requests', 'liam.patel', {
        appKey: 'miro',
        tier: 'member',
      });
      const ticketed = await until(
        () => home('get', `/requests/${created.body.id}`, 'liam.patel'),
        r => Boolean(r.body.fulfillment?.externalId),
      );
      const key = ticketed.body.fulfillment.externalId;
      expect(ticketed.body.status).toBe('fulfilling');

      const body = event(key);
      const stale = event(key, Date.now() - 6 * 60_000);
      const refusals: Array<[string, request.Test, number, string]> = [
        ['unsigned', post(body), 401, 'bad signature'],
        ['forged', post(body, sign(body, 'a-guess')), 401, 'bad signature'],
        ['stale', post(stale, sign(stale)), 401, 'stale delivery'],
        [
          'not JSON',
          post('{"timestamp":', sign('{"timestamp":')),
          400,
          'not JSON',
        ],
      ];
      for (const [what, sent, status, reason] of refusals) {
        const answer = await sent;
        expect({ what, status: answer.status }).toEqual({ what, status });
        expect(answer.body.error.message).toMatch(new RegExp(`^${reason}: `));
      }
      const huge = JSON.stringify({ padding: 'x'.repeat(1_100_000) });
      const big = await post(huge, sign(huge));
      expect(big.status).toBe(413);
      expect(big.body.error.name).toBe('PayloadTooLargeError');
      const still = await home(
        'get',
        `/requests/${created.body.id}`,
        'liam.patel',
      );
      expect(still.body.status).toBe('fulfilling');

      // An update that changes no status is taken and ignored.
      const comment = JSON.stringify({
        timestamp: Date.now(),
        webhookEvent: 'comment_created',
        issue: { key },
      });
      expect((await post(comment, sign(comment))).status).toBe(204);

      expect((await post(body, sign(body))).status).toBe(204);
      const done = await until(
        () => home('get', `/requests/${created.body.id}`, 'liam.patel'),
        r => r.body.status !== 'fulfilling',
      );
      expect(done.body.status).toBe('fulfilled');
      const replayed = await post(body, sign(body));
      expect(replayed.status).toBe(409);
      expect(replayed.body.error.message).toBe(
        'replayed delivery: this delivery was already handled',
      );
    });

    it('answered only what the spec declares, a 2xx and a 4xx on every route', () => {
      expect(contract.untested()).toEqual([]);
      expect(contract.covered()).toEqual([
        'POST /jira-service-management/webhook 204',
        'POST /jira-service-management/webhook 400',
        'POST /jira-service-management/webhook 401',
        'POST /jira-service-management/webhook 409',
        'POST /jira-service-management/webhook 413',
      ]);
    });
  },
);
