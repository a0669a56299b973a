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
import { AddressInfo } from 'node:net';
import { productivHomeModuleEmail } from './module';

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

describe('e-mail approvals and tickets, through the plugin', () => {
  let sandbox: Sandbox;
  let base: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleEmail,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        recordingAuditor,
        mockServices.rootConfig.factory({
          data: {
            connectors: {
              email: {
                smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
                from: 'Productiv <productiv@acme.example.com>',
                itAddress: 'it-desk@acme.example.com',
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
  });
  afterAll(() => sandbox.stop());

  const api = async (
    who: string,
    method: string,
    path: string,
    body?: object,
  ) => {
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
  };
  /** The links of the next mail to `to`, pointed at the test server. */
  const mailTo = async (to: string, subject: RegExp) => {
    const origin = base;
    for (let i = 0; i < 100; i++) {
      const mail = sandbox.state.inbox.find(
        m => m.to.includes(to) && subject.test(m.subject),
      );
      if (mail) {
        return {
          ...mail,
          links: mail.links.map(l =>
            l.replace(/^http:\/\/localhost:\d+/, origin),
          ),
        };
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`No mail to ${to} matching ${subject}`);
  };
  const form = (url: string, body = '') =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('approves from the e-mail: GET shows, only POST decides, once', async () => {
    await api(ref('alex.morgan'), 'PUT', '/apps/figma', {
      name: 'Figma',
      tiers: ['editor'],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      },
      fulfillment: 'manual',
    });
    const request = await api(ref('emma.jones'), 'POST', '/requests', {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Design reviews',
    });
    const mail = await mailTo('olivia.chen@acme.example.com', /^Approve Figma/);
    expect(mail.text).toContain('Why: Design reviews');
    const [approve, deny] = mail.links.filter(l =>
      l.includes('/email/decide/'),
    );

    // A mail scanner following the link changes nothing.
    const shown = await fetch(approve);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Approve this request?');
    expect(
      (await api(ref('emma.jones'), 'GET', `/requests/${request.id}`)).status,
    ).toBe('pending_approval');

    const decided = await form(approve, 'comment=Enjoy');
    expect(decided.status).toBe(200);
    const after = await api(
      ref('emma.jones'),
      'GET',
      `/requests/${request.id}`,
    );
    expect(after.status).toBe('fulfilled');
    expect(after.history.find((h: any) => h.type === 'approved')).toMatchObject(
      {
        actor: ref('olivia.chen'),
        comment: 'Enjoy',
      },
    );

    // Reused, the other decision, or a made-up token: refused, nothing changes.
    expect((await form(approve)).status).toBe(410);
    expect((await form(deny)).status).toBe(409);
    expect(
      (await fetch(`${base}/api/productiv-home/email/decide/forged`)).status,
    ).toBe(404);
    expect(
      (await form(`${base}/api/productiv-home/email/decide/forged`)).status,
    ).toBe(404);
    expect(
      (await api(ref('emma.jones'), 'GET', `/requests/${request.id}`)).status,
    ).toBe('fulfilled');
    expect(refusals).toEqual([
      'email-link-refused: used',
      'email-link-refused: unknown',
      'email-link-refused: unknown',
    ]);
    // The requester hears of it by e-mail too.
    await mailTo('emma.jones@acme.example.com', /^You have access to Figma/);
  });

  it('opens a ticket by e-mail to IT, fulfilled when IT marks it done', async () => {
    await api(ref('alex.morgan'), 'PUT', '/apps/miro', {
      name: 'Miro',
      tiers: ['member'],
      approval: { required: 'no-one', exceptGroups: [], levels: [] },
      fulfillment: 'ticket',
    });
    const request = await api(ref('liam.patel'), 'POST', '/requests', {
      appKey: 'miro',
      tier: 'member',
    });
    const mail = await mailTo('it-desk@acme.example.com', /Miro \(member\)/);
    expect(mail.text).toContain(
      'Person: Liam Patel <liam.patel@acme.example.com>',
    );
    const done = mail.links.find(l => l.includes('/email/done/'))!;
    expect((await fetch(done)).status).toBe(200);
    expect(
      (await api(ref('liam.patel'), 'GET', `/requests/${request.id}`)).status,
    ).toBe('fulfilling');
    expect((await form(done)).status).toBe(200);
    const after = await api(
      ref('liam.patel'),
      'GET',
      `/requests/${request.id}`,
    );
    expect(after.status).toBe('fulfilled');
    expect(after.fulfillment.provider).toBe('email');
    expect((await form(done)).status).toBe(410);
  });
});
