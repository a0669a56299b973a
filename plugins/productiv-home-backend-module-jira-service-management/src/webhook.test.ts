import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { TicketStatus } from '@internal/plugin-productiv-home-node';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import express from 'express';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { JsmTicketProvider } from './JsmTicketProvider';
import { createWebhookRouter } from './webhook';

jest.setTimeout(60_000);

const SECRET = 'jsm-webhook-secret';
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('the JSM webhook', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  /** The provider and its webhook on a real port, as the plugin mounts it. */
  async function setup(id: Parameters<typeof databases.init>[0]) {
    const provider = (await JsmTicketProvider.fromConfig(
      new ConfigReader({
        connectors: {
          jiraServiceManagement: {
            host: sandbox.urls.jira,
            ...sandbox.credentials.jira,
          },
        },
      }),
      await databases.init(id),
    ))!;
    const reported: Array<{ externalId: string } & TicketStatus> = [];
    let failing = false;
    provider.onTicketUpdate(async update => {
      if (failing) throw new Error('database is down');
      reported.push(update);
    });
    const auditor = mockServices.auditor.mock();
    const app = express();
    app.use(createWebhookRouter({ secret: SECRET, provider, auditor }));
    // Refusals are errors, answered by Backstage's error middleware.
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.rootLogger(),
      }).error(),
    );
    const server = http.createServer(app);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/jira-service-management/webhook`;
    sandbox.state.desk.options.webhookUrl = url;
    sandbox.state.desk.options.webhookSecret = SECRET;
    const post = (body: string, signature?: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-hub-signature': signature } : {}),
        },
        body,
      }).then(res => res.status);
    const open = async () => {
      const opened = await provider.fulfill(
        {
          requestId: 'r',
          requesterRef: 'user:default/liam.patel',
          appKey: 'miro',
          appName: 'Miro',
          tier: 'member',
          approvals: [],
          link: 'http://portal/r',
        },
        {
          logger: mockServices.logger.mock(),
          idempotencyKey: `key-${Math.random()}`,
        },
      );
      return (opened as { externalId: string }).externalId;
    };
    const lastDelivery = () => sandbox.state.desk.webhookDeliveries.at(-1)!;
    return {
      provider,
      reported,
      auditor,
      post,
      open,
      lastDelivery,
      failWith: (v: boolean) => {
        failing = v;
      },
      close: () =>
        new Promise<void>(r => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    };
  }

  const event = (key: string, status: string, category: string, at: number) =>
    JSON.stringify({
      timestamp: at,
      webhookEvent: 'jira:issue_updated',
      issue: {
        key,
        fields: { status: { name: status, statusCategory: { key: category } } },
      },
      changelog: { id: `c-${at}`, items: [{ field: 'status' }] },
    });

  it.each(databases.eachSupportedId())(
    'reports a signed, fresh status change once; refuses forged, unsigned, stale and replayed deliveries and reports nothing for them (%p)',
    async id => {
      const hook = await setup(id);
      try {
        const key = await hook.open();

        // Resolved in JSM: the sandbox's signed delivery is reported.
        await sandbox.state.desk.transition(key, 'Resolved', 'DONE');
        expect(hook.lastDelivery()).toMatchObject({ key, status: 204 });
        expect(hook.reported).toEqual([
          {
            externalId: key,
            status: 'resolved',
            detail: 'JSM request Resolved',
          },
        ]);

        // Signed with another secret, or not signed: 401, nothing reported.
        sandbox.state.desk.options.webhookSecret = 'a-guess';
        await sandbox.state.desk.transition(key, 'Declined', 'DONE');
        expect(hook.lastDelivery()).toMatchObject({ status: 401 });
        sandbox.state.desk.options.webhookSecret = undefined;
        await sandbox.state.desk.transition(key, 'Declined', 'DONE');
        expect(hook.lastDelivery()).toMatchObject({ status: 401 });
        const body = event(key, 'Declined', 'done', Date.now());
        expect(await hook.post(body, sign(body, 'a-guess'))).toBe(401);
        // A signature of another body.
        expect(await hook.post(body, sign(`${body} `))).toBe(401);
        expect(hook.reported).toHaveLength(1);

        // Well signed but old (or from too far ahead): 401.
        const old = event(key, 'Declined', 'done', Date.now() - 6 * 60_000);
        expect(await hook.post(old, sign(old))).toBe(401);
        const ahead = event(key, 'Declined', 'done', Date.now() + 6 * 60_000);
        expect(await hook.post(ahead, sign(ahead))).toBe(401);
        expect(hook.reported).toHaveLength(1);

        // Fresh and signed: reported once; the same delivery again is a replay.
        expect(await hook.post(body, sign(body))).toBe(204);
        expect(await hook.post(body, sign(body))).toBe(409);
        expect(hook.reported).toEqual([
          expect.objectContaining({ status: 'resolved' }),
          {
            externalId: key,
            status: 'rejected',
            detail: 'The JSM request was declined',
          },
        ]);

        // Every refusal is audited.
        const refusals = hook.auditor.createEvent.mock.calls
          .map(([e]) => e)
          .filter(e => e.eventId === 'jsm-webhook-refused')
          .map(e => (e.meta as { reason: string }).reason);
        expect(refusals).toEqual([
          'bad signature',
          'bad signature',
          'bad signature',
          'bad signature',
          'stale delivery',
          'stale delivery',
          'replayed delivery',
        ]);
      } finally {
        await hook.close();
      }
    },
  );

  it('ignores updates that change no status', async () => {
    const hook = await setup('SQLITE_3');
    try {
      const body = JSON.stringify({
        timestamp: Date.now(),
        webhookEvent: 'jira:issue_updated',
        issue: { key: 'IT-1', fields: { status: { name: 'Resolved' } } },
        changelog: { id: '7', items: [{ field: 'assignee' }] },
      });
      expect(await hook.post(body, sign(body))).toBe(204);
      expect(hook.reported).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('takes a delivery again when it could not be reported, so that Jira’s redelivery counts', async () => {
    const hook = await setup('SQLITE_3');
    try {
      const key = await hook.open();
      const body = event(key, 'Resolved', 'done', Date.now());
      hook.failWith(true);
      expect(await hook.post(body, sign(body))).toBe(500);
      hook.failWith(false);
      expect(await hook.post(body, sign(body))).toBe(204);
      expect(hook.reported).toEqual([
        expect.objectContaining({ externalId: key, status: 'resolved' }),
      ]);
    } finally {
      await hook.close();
    }
  });

  it('forgets deliveries once they are too old to be accepted anyway', async () => {
    const hook = await setup('SQLITE_3');
    try {
      const knex = (hook.provider as any).knex;
      await knex('home_jsm_webhook_deliveries').insert({
        id: 'long-ago',
        received_at_ms: Date.now() - 60 * 60_000,
      });
      const key = await hook.open();
      const at = Date.now();
      const body = event(key, 'Resolved', 'done', at);
      expect(await hook.post(body, sign(body))).toBe(204);
      const ids = await knex('home_jsm_webhook_deliveries').pluck('id');
      expect(ids).toEqual([`${key}:c-${at}:${at}`]);
    } finally {
      await hook.close();
    }
  });
});
