import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AddressInfo } from 'node:net';
import { permissionModuleProductivPolicy } from './modules/permissionPolicy';
import { permissionTestServices } from './__testUtils__/permissionTestServices';

jest.setTimeout(120_000);

const EMMA = 'user:default/emma.jones';
const OLIVIA = 'user:default/olivia.chen';
const NOAH = 'user:default/noah.kim';
const ADMIN = 'user:default/alex.morgan';

/**
 * Agents reach both plugins through the MCP actions backend, as the user
 * whose token they carry, through the same authorized services as HTTP,
 * under the demo's real permission policy.
 */
describe('MCP actions', () => {
  let sandbox: Sandbox;
  let base: string;

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
    const { server } = await startTestBackend({
      features: [
        mcpActionsPlugin,
        productivHomePlugin,
        provisioningWorkflowsPlugin,
        permissionPlugin,
        permissionModuleProductivPolicy,
        permissionsServiceFactory,
        httpAuthServiceFactory,
        ...permissionTestServices(),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            productivHome: { adminGroups: ['group:default/productiv-admins'] },
            provisioningWorkflows: {
              adminGroups: ['group:default/productiv-admins'],
            },
            backend: {
              actions: {
                pluginSources: ['productiv-home', 'provisioning-workflows'],
              },
            },
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
            },
          },
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    // Zoom, approved by the requester's manager, fulfilled by hand.
    const saved = await fetch(`${base}/api/productiv-home/apps/zoom`, {
      method: 'PUT',
      headers: {
        authorization: mockCredentials.user.header(ADMIN),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Zoom',
        tiers: ['basic', 'pro'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'manual',
      }),
    });
    if (saved.status !== 200) {
      throw new Error(
        `Zoom was not saved: ${saved.status} ${await saved.text()}`,
      );
    }
  });
  afterAll(() => sandbox?.stop());

  /** An MCP client (as an agent would be) carrying `user`'s token. */
  async function agentOf(user: string) {
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/api/mcp-actions/v1`), {
        requestInit: {
          headers: { authorization: mockCredentials.user.header(user) },
        },
      }),
    );
    return client;
  }

  /** A tool's structured answer (or the error text it came back with). */
  async function callTool(
    client: Client,
    name: string,
    args: Record<string, unknown> = {},
  ) {
    const result: any = await client.callTool({ name, arguments: args });
    const text = result.content?.map((c: any) => c.text).join('\n') ?? '';
    return {
      isError: Boolean(result.isError),
      text,
      output: result.isError ? undefined : JSON.parse(text),
    };
  }

  it('lists the tools of both plugins', async () => {
    const agent = await agentOf(EMMA);
    const { tools } = await agent.listTools();
    const names = tools.map(t => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'productiv-home.request-app',
        'productiv-home.list-catalog',
        'productiv-home.my-access',
        'productiv-home.list-my-requests',
        'productiv-home.list-my-approvals',
        'productiv-home.decide-approval',
        'provisioning-workflows.preview-workflow',
        'provisioning-workflows.list-suggestions',
        'provisioning-workflows.decide-suggestions',
      ]),
    );
    const decide = tools.find(t => t.name === 'productiv-home.decide-approval');
    expect(decide?.annotations).toMatchObject({ readOnlyHint: false });
    expect(
      tools.find(t => t.name === 'productiv-home.list-catalog')?.annotations,
    ).toMatchObject({ readOnlyHint: true });
    await agent.close();
  });

  it('requests an app, reads it back, and only the approver decides it', async () => {
    const emma = await agentOf(EMMA);
    const catalog = await callTool(emma, 'productiv-home.list-catalog');
    expect(catalog.output.apps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          appKey: 'zoom',
          name: 'Zoom',
          tiers: expect.arrayContaining([
            expect.objectContaining({ tier: 'pro' }),
          ]),
        }),
      ]),
    );

    const requested = await callTool(emma, 'productiv-home.request-app', {
      appKey: 'zoom',
      tier: 'pro',
      justification: 'Customer calls',
    });
    expect(requested.isError).toBe(false);
    expect(requested.output.status).toBe('pending_approval');
    const { requestId } = requested.output;

    const mine = await callTool(emma, 'productiv-home.list-my-requests', {
      status: ['pending_approval'],
    });
    expect(mine.output.items).toEqual([
      expect.objectContaining({
        requestId,
        appName: 'Zoom',
        tier: 'pro',
        requester: EMMA,
        level: 1,
      }),
    ]);

    // Noah's agent (another employee) and Emma's own may not decide it.
    const noah = await agentOf(NOAH);
    const foreign = await callTool(noah, 'productiv-home.decide-approval', {
      requestId,
      decision: 'approved',
    });
    expect(foreign.isError).toBe(true);
    const own = await callTool(emma, 'productiv-home.decide-approval', {
      requestId,
      decision: 'approved',
    });
    expect(own.isError).toBe(true);
    const still = await fetch(
      `${base}/api/productiv-home/requests/${requestId}`,
      {
        headers: { authorization: mockCredentials.user.header(EMMA) },
      },
    ).then(r => r.json());
    expect(still.status).toBe('pending_approval');
    expect(still.history.map((h: any) => h.type)).not.toContain('approved');

    // Olivia, Emma's manager, sees it waiting and approves it.
    const olivia = await agentOf(OLIVIA);
    const waiting = await callTool(olivia, 'productiv-home.list-my-approvals');
    expect(waiting.output.items.map((r: any) => r.requestId)).toContain(
      requestId,
    );
    const decided = await callTool(olivia, 'productiv-home.decide-approval', {
      requestId,
      decision: 'approved',
      comment: 'Enjoy',
    });
    expect(decided.isError).toBe(false);
    expect(decided.output).toMatchObject({ requestId });
    expect(decided.output.status).not.toBe('pending_approval');
    for (const c of [emma, noah, olivia]) await c.close();
  });

  it("gives an admin's agent a workflow preview, and refuses an employee's", async () => {
    const asAdmin = { authorization: mockCredentials.user.header(ADMIN) };
    const synced = await fetch(
      `${base}/api/provisioning-workflows/sync/inventory`,
      { method: 'POST', headers: asAdmin },
    );
    expect(synced.status).toBe(202);
    let figma: any;
    for (let i = 0; i < 200 && !figma; i++) {
      await new Promise(r => setTimeout(r, 100));
      const { items } = await fetch(
        `${base}/api/provisioning-workflows/workflows`,
        { headers: asAdmin },
      ).then(r => r.json());
      figma = items?.find((w: any) => w.appKey === 'figma');
    }
    expect(figma).toBeDefined();
    const saved = await fetch(
      `${base}/api/provisioning-workflows/workflows/${encodeURIComponent(
        figma.instanceId,
      )}`,
      {
        method: 'PUT',
        headers: { ...asAdmin, 'content-type': 'application/json' },
        body: JSON.stringify({
          rules: [
            {
              condition: { type: 'noSignIn', days: 1 },
              outcome: { action: 'deprovision' },
            },
          ],
        }),
      },
    );
    expect(saved.status).toBe(200);

    const admin = await agentOf(ADMIN);
    const preview = await callTool(
      admin,
      'provisioning-workflows.preview-workflow',
      { instanceId: figma.instanceId },
    );
    expect(preview.text).not.toMatch(/Error/);
    expect(preview.isError).toBe(false);
    expect(preview.output.assignedUsers).toBeGreaterThan(0);
    const suggestions = await callTool(
      admin,
      'provisioning-workflows.list-suggestions',
      { instanceId: figma.instanceId },
    );
    expect(suggestions.output).toEqual({ total: 0, items: [] });

    const emma = await agentOf(EMMA);
    for (const [name, args] of [
      ['preview-workflow', { instanceId: figma.instanceId }],
      ['list-suggestions', { instanceId: figma.instanceId }],
    ] as const) {
      const refused = await callTool(
        emma,
        `provisioning-workflows.${name}`,
        args,
      );
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/NotAllowedError/);
    }
    const decided = await callTool(
      emma,
      'provisioning-workflows.decide-suggestions',
      { ids: ['some-action'], decision: 'accept' },
    );
    expect(decided.isError).toBe(true);
    for (const c of [admin, emma]) await c.close();
  });
});
