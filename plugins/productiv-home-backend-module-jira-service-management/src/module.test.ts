import { createServiceFactory } from '@backstage/backend-plugin-api';
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
import { productivHomeModuleJiraServiceManagement } from './module';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;
const SECRET = 'jsm-webhook-secret';

describe('Jira Service Management tickets, through the plugin', () => {
  let sandbox: Sandbox;
  let base: string;

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleJiraServiceManagement,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        mockServices.rootConfig.factory({
          data: {
            connectors: {
              jiraServiceManagement: {
                host: sandbox.urls.jira,
                ...sandbox.credentials.jira,
                webhookSecret: SECRET,
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
    sandbox.state.desk.options.webhookUrl = `${base}/api/productiv-home/jira-service-management/webhook`;
    sandbox.state.desk.options.webhookSecret = SECRET;
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
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
    for (let i = 0; i < 100; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('timed out');
  }

  it('opens one request in JSM; resolving it there fulfils the request; forged and replayed webhooks change nothing', async () => {
    await api(ref('alex.morgan'), 'PUT', '/apps/miro', {
      name: 'Miro',
      tiers: ['member'],
      approval: { required: 'no-one', exceptGroups: [], levels: [] },
      fulfillment: 'ticket',
    });
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
