import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested through the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import {
  demoTicketApp,
  demoUserRef as ref,
  ProductivHomeTestApi,
  recordingAuditor,
  startProductivHomeModuleTestBackend,
  startProductivHomeTestBackend,
} from '@internal/plugin-productiv-home-node/testUtils';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { productivHomeModuleEmail } from './module';

jest.setTimeout(60_000);

/** Audit events that ended in failure: `eventId: reason`. */
const auditor = recordingAuditor();
const refusals = auditor.refusals;

describe('e-mail approvals and tickets, through the plugin', () => {
  let sandbox: Sandbox;
  let base: string;
  let api: ProductivHomeTestApi;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
    ({ baseUrl: base, api } = await startProductivHomeTestBackend({
      features: [
        productivHomePlugin,
        productivHomeModuleEmail,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        auditor.factory,
      ],
      config: {
        connectors: {
          email: {
            smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
            from: 'Productiv <productiv@acme.example.com>',
            itAddress: 'it-desk@acme.example.com',
          },
        },
      },
    }));
  });
  afterAll(() => sandbox.stop());

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
    const page = await shown.text();
    expect(page).toContain('Approve this request?');
    expect(page).toContain('Emma Jones asks for Figma Editor; level 1');
    expect(
      (await api(ref('emma.jones'), 'GET', `/requests/${request.id}`)).status,
    ).toBe('pending_approval');

    // The page's form, as a browser posts it.
    const fields = new URLSearchParams(
      [
        ...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g),
      ].map(m => [m[1], m[2]]),
    );
    expect([...fields.keys()]).toEqual(['token', 'requestId', 'decision']);
    fields.set('comment', 'Enjoy');
    const decided = await form(approve, fields.toString());
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

    // Reused, the other link of the pair, or a made-up token: refused,
    // audited, nothing changes.
    expect((await form(approve)).status).toBe(410);
    const other = await form(deny);
    expect(other.status).toBe(410);
    expect(await other.text()).toContain('This link no longer works');
    expect(
      (await fetch(`${base}/api/productiv-home/email/decide/forged`)).status,
    ).toBe(404);
    expect(
      (await form(`${base}/api/productiv-home/email/decide/forged`)).status,
    ).toBe(404);
    const final = await api(
      ref('emma.jones'),
      'GET',
      `/requests/${request.id}`,
    );
    expect(final.status).toBe('fulfilled');
    expect(final.history.filter((h: any) => h.type === 'denied')).toEqual([]);
    expect(refusals).toEqual([
      'email-link-refused: used',
      'email-link-refused: revoked',
      'email-link-refused: unknown',
      'email-link-refused: unknown',
    ]);
    // The requester hears of it by e-mail too.
    await mailTo('emma.jones@acme.example.com', /^You have access to Figma/);
  });

  it('voids the e-mail links of a request decided in the portal', async () => {
    await api(ref('alex.morgan'), 'PUT', '/apps/notion', {
      name: 'Notion',
      tiers: ['plus'],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      },
      fulfillment: 'manual',
    });
    const request = await api(ref('emma.jones'), 'POST', '/requests', {
      appKey: 'notion',
      tier: 'plus',
      justification: 'Team wiki',
    });
    const mail = await mailTo(
      'olivia.chen@acme.example.com',
      /^Approve Notion/,
    );
    const [, deny] = mail.links.filter(l => l.includes('/email/decide/'));
    await api(ref('olivia.chen'), 'POST', `/requests/${request.id}/decision`, {
      decision: 'approved',
    });
    refusals.splice(0);
    // The outcome job voids the links shortly after.
    let shown = await fetch(deny);
    for (let i = 0; i < 100 && shown.status === 200; i++) {
      await new Promise(r => setTimeout(r, 100));
      shown = await fetch(deny);
    }
    expect(shown.status).toBe(410);
    expect((await form(deny)).status).toBe(410);
    const after = await api(
      ref('emma.jones'),
      'GET',
      `/requests/${request.id}`,
    );
    expect(after.status).toBe('fulfilled');
    expect(after.history.filter((h: any) => h.type === 'denied')).toEqual([]);
    expect(refusals).toEqual([
      'email-link-refused: revoked',
      'email-link-refused: revoked',
    ]);
  });

  it('opens a ticket by e-mail to IT, fulfilled when IT marks it done', async () => {
    await api(ref('alex.morgan'), 'PUT', '/apps/miro', demoTicketApp());
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

describe('the module alone', () => {
  const start = async (data: object) => {
    const { channels, providers, auditTrails, logger } =
      await startProductivHomeModuleTestBackend({
        module: productivHomeModuleEmail,
        config: data,
      });
    return {
      channels: channels.map(c => c.id),
      providers: providers.map(p => p.id),
      auditTrails: auditTrails.map(t => t.id),
      logger,
    };
  };

  it('registers nothing without connectors.email, and says so once', async () => {
    const { channels, providers, logger } = await start({});
    expect(channels).toEqual([]);
    expect(providers).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      'connectors.email is not configured; e-mail approvals and tickets are off',
    );
  });

  it('offers tickets and audit-trail mails to IT only with an itAddress', async () => {
    const smtp = { host: '127.0.0.1', port: 2525 };
    expect(
      await start({
        connectors: { email: { smtp, from: 'p@acme.example.com' } },
      }),
    ).toMatchObject({ channels: ['email'], providers: [], auditTrails: [] });
    expect(
      await start({
        connectors: {
          email: {
            smtp,
            from: 'p@acme.example.com',
            itAddress: 'it@acme.example.com',
          },
        },
      }),
    ).toMatchObject({
      channels: ['email'],
      providers: ['email'],
      auditTrails: ['email'],
    });
    await expect(
      start({
        connectors: {
          email: { smtp, from: 'p@acme.example.com', approvalLinkHours: 0 },
        },
      }),
    ).rejects.toThrow(/approvalLinkHours must be a positive number of hours/);
  });
});
