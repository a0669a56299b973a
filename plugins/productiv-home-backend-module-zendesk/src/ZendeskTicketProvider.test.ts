import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { classifyError } from '@internal/durable-jobs';
import {
  demoApprovedRequest,
  mockFulfillmentContext,
} from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { ZendeskTicketProvider } from './ZendeskTicketProvider';

jest.setTimeout(60_000);

describe('ZendeskTicketProvider against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  const config = (apiToken = sandbox.credentials.zendesk.apiToken) =>
    new ConfigReader({
      connectors: {
        zendesk: {
          url: sandbox.urls.zendesk,
          email: sandbox.credentials.zendesk.email,
          apiToken,
        },
      },
    });
  const request = demoApprovedRequest();
  const ctx = (key: string) => mockFulfillmentContext(key);

  it.each(databases.eachSupportedId())(
    'opens one ticket per job, finds one whose answer was lost, follows it until solved (%p)',
    async id => {
      const knex = await databases.init(id);
      const provider = (await ZendeskTicketProvider.fromConfig(
        config(),
        knex,
      ))!;
      const key = `fulfill:${id}:1`;
      const before = sandbox.state.helpdesk.tickets.length;
      const opened = await provider.fulfill(request, ctx(key));
      expect(opened).toMatchObject({ status: 'pending' });
      const again = await provider.fulfill(request, ctx(key));
      expect(again).toEqual(opened);
      expect(sandbox.state.helpdesk.tickets.length).toBe(before + 1);

      // Zendesk created a ticket but the answer was lost (timeout, crash):
      // another provider instance with no record finds it by external id.
      const freshKnex = await databases.init(id);
      const other = (await ZendeskTicketProvider.fromConfig(
        config(),
        freshKnex,
      ))!;
      expect(await other.fulfill(request, ctx(key))).toEqual(opened);
      expect(sandbox.state.helpdesk.tickets.length).toBe(before + 1);

      const ticket = sandbox.state.helpdesk.tickets.at(-1)!;
      expect(ticket).toMatchObject({
        subject: 'Access request: Miro (member) for Liam Patel',
        external_id: key,
        requester: { name: 'Liam Patel', email: 'liam.patel@acme.example.com' },
      });
      expect(ticket).toMatchObject({
        type: 'task',
        tags: ['productiv-home', 'access-request'],
      });
      for (const part of [
        'Please grant Liam Patel <liam.patel@acme.example.com> access to Miro (member)',
        'Why: Workshops',
        'level 1: user:default/olivia.chen (2026-11-24T10:00:00Z)',
        'Request: http://portal/productiv-home?request=r1',
      ]) {
        expect(ticket.description).toContain(part);
      }
      expect(opened).toEqual({
        status: 'pending',
        externalId: String(ticket.id),
        externalUrl: `${sandbox.urls.zendesk.replace(
          /\/api\/v2$/,
          '',
        )}/agent/tickets/${ticket.id}`,
      });

      const externalId = (opened as { externalId: string }).externalId;
      expect(await provider.ticketStatus(externalId)).toEqual({
        status: 'open',
      });
      // IT solves it in Zendesk.
      const solved = await fetch(
        `${sandbox.urls.inspector}/api/zendesk/tickets/${externalId}/resolve`,
        { method: 'POST' },
      );
      expect(solved.ok).toBe(true);
      expect(await provider.ticketStatus(externalId)).toEqual({
        status: 'resolved',
        detail: `Zendesk ticket ${externalId} solved`,
      });
    },
  );

  it('words a license given back as a removal, with no approvers', async () => {
    const knex = await databases.init('SQLITE_3');
    const provider = (await ZendeskTicketProvider.fromConfig(config(), knex))!;
    const removal = demoApprovedRequest({
      action: 'remove',
      appName: 'Tableau',
      tier: 'viewer',
      tierName: 'Viewer',
      requesterName: 'Benjamin Moore',
      requesterEmail: 'benjamin.moore@acme.example.com',
      justification: undefined,
      approvals: [],
    });
    expect(await provider.fulfill(removal, ctx('return:1'))).toMatchObject({
      status: 'pending',
    });
    const ticket = sandbox.state.helpdesk.tickets.at(-1)!;
    expect(ticket).toMatchObject({
      subject: 'Remove Tableau Viewer from Benjamin Moore',
      tags: ['productiv-home', 'access-removal'],
    });
    expect(ticket.description).toContain(
      'Please remove Tableau Viewer from Benjamin Moore <benjamin.moore@acme.example.com>, who gave the license back, then solve this ticket.',
    );
    expect(ticket.description).not.toContain('Approved by');
  });

  it("words license automation's reclaim as its decision, with why", async () => {
    const knex = await databases.init('SQLITE_3');
    const provider = (await ZendeskTicketProvider.fromConfig(config(), knex))!;
    const reclaim = demoApprovedRequest({
      action: 'remove',
      appName: 'Figma',
      tier: 'editor',
      tierName: 'Editor',
      requesterName: 'Emma Jones',
      requesterEmail: 'emma.jones@acme.example.com',
      justification: 'Rule "No sign-in for 90 days" of the Figma workflow',
      automation: { change: 'remove', reason: 'unused' },
      approvals: [],
    });
    expect(await provider.fulfill(reclaim, ctx('reclaim:1'))).toMatchObject({
      status: 'pending',
    });
    const ticket = sandbox.state.helpdesk.tickets.at(-1)!;
    expect(ticket).toMatchObject({
      subject: 'Remove Figma Editor from Emma Jones',
      tags: ['productiv-home', 'access-removal', 'license-automation'],
    });
    for (const text of [
      'Please remove Figma Editor from Emma Jones <emma.jones@acme.example.com> (a reclaim license automation decided, which Okta cannot make), then solve this ticket.',
      'Why: Rule "No sign-in for 90 days" of the Figma workflow',
      'No approval needed: license automation decided it.',
    ]) {
      expect(ticket.description).toContain(text);
    }
  });

  it('takes a subdomain instead of a URL, and says what is missing', async () => {
    const knex = await databases.init('SQLITE_3');
    const bySubdomain = await ZendeskTicketProvider.fromConfig(
      new ConfigReader({
        connectors: {
          zendesk: { subdomain: 'acme', email: 'a@b.c', apiToken: 't' },
        },
      }),
      knex,
    );
    expect((bySubdomain as any).siteUrl).toBe('https://acme.zendesk.com');
    await expect(
      ZendeskTicketProvider.fromConfig(
        new ConfigReader({
          connectors: { zendesk: { email: 'a@b.c', apiToken: 't' } },
        }),
        knex,
        { skipMigrations: true },
      ),
    ).rejects.toThrow('connectors.zendesk needs either url');
  });

  it('throws 429 and 500 with their status, so that the job is retried, and opens one ticket once Zendesk is back', async () => {
    const knex = await databases.init('SQLITE_3');
    const provider = (await ZendeskTicketProvider.fromConfig(config(), knex))!;
    const before = sandbox.state.helpdesk.tickets.length;
    sandbox.state.faults.failNext('zendesk', 1, '429');
    const limited = await provider
      .fulfill(request, ctx('faulty'))
      .catch(e => e);
    expect(limited).toMatchObject({ name: 'ZendeskApiError', status: 429 });
    expect(classifyError(limited).retryable).toBe(true);
    sandbox.state.faults.failNext('zendesk', 1, '500');
    const broken = await provider.fulfill(request, ctx('faulty')).catch(e => e);
    expect(broken).toMatchObject({ status: 500 });
    expect(broken.message).toContain('InternalError: Internal server error');
    expect(classifyError(broken).retryable).toBe(true);
    expect(sandbox.state.helpdesk.tickets.length).toBe(before);

    const opened = (await provider.fulfill(request, ctx('faulty'))) as {
      externalId: string;
    };
    expect(opened).toMatchObject({ status: 'pending' });
    expect(sandbox.state.helpdesk.tickets.length).toBe(before + 1);

    // Polling keeps Retry-After.
    sandbox.state.faults.failNext('zendesk', 1, '429');
    const polled = await provider.ticketStatus(opened.externalId).catch(e => e);
    expect(polled).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
    });
    expect(classifyError(polled)).toMatchObject({
      retryable: true,
      retryAfterMs: 1000,
    });
    sandbox.state.faults.failNext('zendesk', 1, '500');
    await expect(
      provider.ticketStatus(opened.externalId),
    ).rejects.toMatchObject({ status: 500 });
  });

  it('fails for good, with what to fix, when Zendesk refuses the credentials', async () => {
    const knex = await databases.init('SQLITE_3');
    const refused = (await ZendeskTicketProvider.fromConfig(
      config('revoked-token'),
      knex,
    ))!;
    const before = sandbox.state.helpdesk.tickets.length;
    const result = await refused.fulfill(request, ctx('refused'));
    expect(result).toEqual({
      status: 'failed',
      reason: expect.stringContaining(
        "Zendesk answered 401: Couldn't authenticate you. Check connectors.zendesk.email and apiToken",
      ),
    });
    expect(JSON.stringify(result)).not.toContain('revoked-token');
    expect(sandbox.state.helpdesk.tickets.length).toBe(before);
  });

  it('tests the connection by reading the current user', async () => {
    const knex = await databases.init('SQLITE_3');
    const provider = (await ZendeskTicketProvider.fromConfig(config(), knex))!;
    expect(await provider.test()).toBe(
      `Connected to ${sandbox.urls.zendesk.replace(/\/api\/v2\/?$/, '')} as ${
        sandbox.credentials.zendesk.email
      } (agent)`,
    );
    const wrong = (await ZendeskTicketProvider.fromConfig(
      config('wrong'),
      knex,
      { skipMigrations: true },
    ))!;
    await expect(wrong.test()).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining("Couldn't authenticate you"),
    });
  });

  it('registers nothing without connectors.zendesk', async () => {
    const knex = await databases.init('SQLITE_3');
    await expect(
      ZendeskTicketProvider.fromConfig(new ConfigReader({}), knex),
    ).resolves.toBeUndefined();
  });
});
