import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import productivHomeModuleEmail from '@internal/plugin-productiv-home-backend-module-email';
import productivHomeModuleJsm from '@internal/plugin-productiv-home-backend-module-jira-service-management';
import productivHomeModuleOkta from '@internal/plugin-productiv-home-backend-module-okta';
import productivHomeModuleSlack from '@internal/plugin-productiv-home-backend-module-slack';
import productivHomeModuleZendesk from '@internal/plugin-productiv-home-backend-module-zendesk';
import { productivHomeSchedulerServiceRef } from '@internal/plugin-productiv-home-node';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { TestDatabaseClient, testDatabaseFactory } from './testDatabases';

/** The Slack channel the admins' notices go to. */
export const ADMIN_CHANNEL = 'C0PRODADMINS';
export const IT_ADDRESS = 'it-desk@acme.example.com';
/** A group the inventory names for Notion that Okta does not have. */
export const MISSING_GROUP = '00gNoSuchGroup0001';
const JSM_SECRET = 'portal-webhook-secret';

/**
 * Productiv Home with its real Okta, Slack, e-mail, Jira Service Management
 * and Zendesk modules on `databaseId`, against a fresh sandbox, approvals
 * in Slack with an admin channel, `ticketing` the active ticketing system.
 * The inventory offers Figma (its tiers are Okta groups) and Notion (whose
 * group Okta does not have, so granting it fails for good). `options`
 * add to the `productivHome` and `connectors.slack` config, and people to
 * the catalog (given the sandbox, before the backend starts). Registers its
 * own beforeAll/afterAll; call inside a describe.
 */
export function homeChannelsPortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  ticketing: 'jira-service-management' | 'zendesk' | 'email' = 'email',
  options: {
    productivHome?: object;
    slack?: object;
    people?: (sandbox: Sandbox) => object[];
  } = {},
) {
  const env: { sandbox?: Sandbox; base?: string } = {};
  const clients = new Map<string, TestDatabaseClient>();
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(options: {
      skipTaskRunOnStartup: boolean;
    }): ReturnType<typeof mockServices.scheduler.factory>;
  };

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    const sandbox = await startSandbox({ activity: false });
    env.sandbox = sandbox;
    const groups: Array<{ id: string; name: string }> = await fetch(
      `${sandbox.urls.inspector}/api/okta/groups`,
    ).then(r => r.json());
    const group = (name: string) => groups.find(g => g.name === name)!.id;
    const instance = (key: string, name: string, tiers: object[]) => ({
      key,
      name,
      instances: [
        {
          id: `0oa${name}`,
          appKey: key,
          label: name,
          status: 'ACTIVE',
          groups: [],
          tiers,
          assignedUsers: 0,
        },
      ],
    });
    const inventory = [
      instance('figma', 'Figma', [
        { tier: 'viewer', groupId: group('Figma Viewer') },
        { tier: 'editor', groupId: group('Figma Editor') },
      ]),
      instance('notion', 'Notion', [
        { tier: 'member', groupId: MISSING_GROUP },
      ]),
    ];
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleOkta,
        productivHomeModuleSlack,
        productivHomeModuleEmail,
        productivHomeModuleJsm,
        productivHomeModuleZendesk,
        testDatabaseFactory(databases, databaseId, clients),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: productivHomeSchedulerServiceRef,
          deps: {},
          factory: () => scheduler,
        }),
        catalogServiceMock.factory({
          entities: [
            ...demoUserEntities(),
            ...((options.people?.(sandbox) ?? []) as any[]),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://portal.example.com' },
            productivHome: { ticketing, ...options.productivHome },
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
              slack: {
                apiUrl: sandbox.urls.slack,
                ...sandbox.credentials.slack,
                adminChannel: ADMIN_CHANNEL,
                ...options.slack,
              },
              jiraServiceManagement: {
                host: sandbox.urls.jira,
                ...sandbox.credentials.jira,
                webhookSecret: JSM_SECRET,
              },
              zendesk: {
                url: sandbox.urls.zendesk,
                ...sandbox.credentials.zendesk,
              },
              email: {
                smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
                from: 'Productiv <productiv@acme.example.com>',
                itAddress: IT_ADDRESS,
              },
            },
          },
        }),
        createServiceFactory({
          service: provisioningWorkflowsInventoryServiceRef,
          deps: {},
          factory: () => ({
            listApps: async () => inventory as any,
            listAssignments: async () => [],
            listHoldings: async () => [],
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
    const base = `http://localhost:${(server.address() as AddressInfo).port}`;
    env.base = base;
    sandbox.state.workspace.options.interactivityUrl = `${base}/api/productiv-home/slack/interactivity`;
    sandbox.state.desk.options.webhookUrl = `${base}/api/productiv-home/jira-service-management/webhook`;
    sandbox.state.desk.options.webhookSecret = JSM_SECRET;
  });
  afterAll(() => env.sandbox?.stop());

  const sandbox = () => env.sandbox!;

  /** A Home API call as `who`; throws on an error answer. */
  async function api(who: string, method: string, path: string, body?: object) {
    const res = await fetch(`${env.base}/api/productiv-home${path}`, {
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

  /** Reads until `ok`, for up to 20 s. */
  async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean) {
    let v: T | undefined;
    for (let i = 0; i < 200; i++) {
      v = await read();
      if (ok(v)) return v;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`timed out, last read: ${JSON.stringify(v)}`);
  }

  /** The Slack messages to a person (their DMs), oldest first. */
  const dmsTo = (name: string) => {
    const ws = sandbox().state.workspace;
    const user = ws.users.find(u => u.email === `${name}@acme.example.com`)!;
    return ws.messages.filter(m => m.recipient === user.id);
  };
  /** The messages in the admins' channel, oldest first. */
  const adminMessages = () =>
    sandbox().state.workspace.messages.filter(m => m.channel === ADMIN_CHANNEL);

  return {
    sandbox,
    scheduler,
    api,
    until,
    dmsTo,
    adminMessages,
    base: () => env.base!,
    /** Home's database, to look at its jobs. */
    homeDatabase: () => clients.get('productiv-home')!,
  };
}
