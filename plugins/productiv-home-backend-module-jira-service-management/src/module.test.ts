import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested through the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import {
  demoTicketApp,
  demoUserRef as ref,
  ProductivHomeTestApi,
  startProductivHomeTestBackend,
} from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { createHmac } from 'node:crypto';
import { productivHomeModuleJiraServiceManagement } from './module';

jest.setTimeout(60_000);

const SECRET = 'jsm-webhook-secret';

describe('Jira Service Management tickets, through the plugin', () => {
  let sandbox: Sandbox;
  let base: string;
  let api: ProductivHomeTestApi;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
    ({ baseUrl: base, api } = await startProductivHomeTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleJiraServiceManagement,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
      ],
      config: {
        connectors: {
          jiraServiceManagement: {
            host: sandbox.urls.jira,
            ...sandbox.credentials.jira,
            webhookSecret: SECRET,
          },
        },
      },
    }));
    sandbox.state.desk.options.webhookUrl = `${base}/api/productiv-home/jira-service-management/webhook`;
    sandbox.state.desk.options.webhookSecret = SECRET;
  });
  afterAll(() => sandbox.stop());

  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
    for (let i = 0; i < 100; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('timed out');
  }

  it('opens one request in JSM; resolving it there fulfils the request; forged and replayed webhooks change nothing', async () => {
    await api(ref('alex.morgan'), 'PUT', '/apps/miro', demoTicketApp());
    const request = await api(ref('liam.patel'), 'POST', '/requests', {
      appKey: 'miro',
      tier: 'member',
      justification: 'Workshops',
    });
    const waiting = await until(
      () => api(ref('liam.patel'), 'GET', `/requests/${request.id}`),
      r => Boolean(r.fulfillment?.externalId),
    );
    const key = waiting.fulfillment.externalId;
    const ticket = sandbox.state.desk.find(key)!;
    expect(ticket.fields.summary).toMatch(
      /^Access request: Miro \(member\) for Liam Patel \[ph[0-9a-f]{16}\]$/,
    );
    expect(sandbox.state.desk.requests).toHaveLength(1);

    // A forged delivery claiming it was resolved: refused, still waiting.
    const body = JSON.stringify({
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue: {
        key,
        fields: {
          status: { name: 'Resolved', statusCategory: { key: 'done' } },
        },
      },
      changelog: { id: '99', items: [{ field: 'status' }] },
    });
    const url = `${base}/api/productiv-home/jira-service-management/webhook`;
    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha256=${createHmac('sha256', 'guess')
          .update(body)
          .digest('hex')}`,
      },
      body,
    });
    expect(forged.status).toBe(401);
    // The same error body as every other route.
    expect(await forged.json()).toMatchObject({
      error: {
        name: 'AuthenticationError',
        message: expect.stringMatching(/^bad signature: .*webhookSecret/),
      },
      response: { statusCode: 401 },
    });
    expect(
      (await api(ref('liam.patel'), 'GET', `/requests/${request.id}`)).status,
    ).toBe('fulfilling');

    // Resolved in JSM: the signed webhook fulfils the request.
    await sandbox.state.desk.transition(key, 'Resolved', 'DONE');
    const done = await until(
      () => api(ref('liam.patel'), 'GET', `/requests/${request.id}`),
      r => r.status !== 'fulfilling',
    );
    expect(done.status).toBe('fulfilled');
    expect(done.fulfillment).toMatchObject({
      provider: 'jira-service-management',
      externalId: key,
    });

    // The same signed delivery again: refused as a replay.
    const signed = (payload: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature': `sha256=${createHmac('sha256', SECRET)
            .update(payload)
            .digest('hex')}`,
        },
        body: payload,
      });
    expect((await signed(body)).status).toBe(204);
    expect((await signed(body)).status).toBe(409);
    const stale = JSON.stringify({
      ...JSON.parse(body),
      timestamp: Date.now() - 600_000,
    });
    expect((await signed(stale)).status).toBe(401);
  });
});
