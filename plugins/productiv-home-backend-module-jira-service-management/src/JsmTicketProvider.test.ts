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
import { Knex } from 'knex';
import { JsmTicketProvider, markerOf } from './JsmTicketProvider';

jest.setTimeout(60_000);

describe('JsmTicketProvider against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  const config = (overrides: Record<string, string> = {}) =>
    new ConfigReader({
      connectors: {
        jiraServiceManagement: {
          host: sandbox.urls.jira,
          ...sandbox.credentials.jira,
          ...overrides,
        },
      },
    });
  const provider = async (knex: Knex, overrides?: Record<string, string>) =>
    (await JsmTicketProvider.fromConfig(config(overrides), knex))!;
  const request = demoApprovedRequest({
    approvals: [
      ...demoApprovedRequest().approvals,
      { level: 2, approver: 'user:default/alex.morgan' },
    ],
  });
  const ctx = (key: string) => mockFulfillmentContext(key);
  const summaryOf = (key: string) =>
    sandbox.state.desk.find(key)!.fields.summary as string;

  it('registers nothing without connectors.jiraServiceManagement', async () => {
    const knex = await databases.init('SQLITE_3');
    await expect(
      JsmTicketProvider.fromConfig(new ConfigReader({}), knex),
    ).resolves.toBeUndefined();
  });

  it.each(databases.eachSupportedId())(
    'opens one request per job, with who, what, why, who approved and the link; finds one whose answer was lost; follows it until resolved (%p)',
    async id => {
      const jsm = await provider(await databases.init(id));
      const key = `fulfill:${id}:1`;
      const before = sandbox.state.desk.requests.length;
      const opened = await jsm.fulfill(request, ctx(key));
      expect(opened).toEqual({
        status: 'pending',
        externalId: expect.stringMatching(/^IT-\d+$/),
        externalUrl: expect.stringContaining('/servicedesk/customer/portal/1/'),
      });
      // The job retried (same key): the same request, none opened.
      expect(await jsm.fulfill(request, ctx(key))).toEqual(opened);
      expect(sandbox.state.desk.requests.length).toBe(before + 1);

      const externalId = (opened as { externalId: string }).externalId;
      const created = sandbox.state.desk.find(externalId)!;
      expect(created).toMatchObject({
        serviceDeskId: '1',
        requestTypeId: '25',
      });
      expect(created.fields.summary).toBe(
        `Access request: Miro (member) for Liam Patel [${markerOf(key)}]`,
      );
      const description = created.fields.description as string;
      for (const part of [
        'Please grant Liam Patel <liam.patel@acme.example.com> access to Miro (member)',
        'Why: Workshops',
        'level 1: user:default/olivia.chen (2026-11-24T10:00:00Z)',
        'level 2: user:default/alex.morgan',
        'Request: http://portal/productiv-home?request=r1',
        `Reference: ${key}`,
      ]) {
        expect(description).toContain(part);
      }

      // JSM opened it but the answer never came back (a timeout, a replica
      // that died): with no record of it, the request is found in JSM by
      // its marker (whatever its status), and not opened twice.
      await sandbox.state.desk.transition(externalId, 'In progress', 'NEW');
      const other = await provider(await databases.init(id));
      expect(await other.fulfill(request, ctx(key))).toEqual(opened);
      expect(sandbox.state.desk.requests.length).toBe(before + 1);

      expect(await jsm.ticketStatus(externalId)).toEqual({ status: 'open' });
      await sandbox.state.desk.transition(externalId, 'Resolved', 'DONE');
      expect(await jsm.ticketStatus(externalId)).toEqual({
        status: 'resolved',
        detail: 'JSM request Resolved',
      });
      // Another job of the same kind opens its own request.
      const second = await jsm.fulfill(request, ctx(`fulfill:${id}:2`));
      expect(second).not.toEqual(opened);
      expect(sandbox.state.desk.requests.length).toBe(before + 2);
    },
  );

  it('words a license given back as a removal, with no approvers', async () => {
    const jsm = await provider(await databases.init('SQLITE_3'));
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
    const opened = (await jsm.fulfill(removal, ctx('return:1'))) as {
      externalId: string;
    };
    expect(summaryOf(opened.externalId)).toBe(
      `Remove Tableau Viewer from Benjamin Moore [${markerOf('return:1')}]`,
    );
    const description = sandbox.state.desk.find(opened.externalId)!.fields
      .description as string;
    expect(description).toContain(
      'Please remove Tableau Viewer from Benjamin Moore <benjamin.moore@acme.example.com>, who gave the license back, then resolve this request.',
    );
    expect(description).toContain(
      'No approval needed: a license given back frees a seat.',
    );
    expect(description).not.toContain('Approved by');
  });

  it("words license automation's downgrade as its decision, with why", async () => {
    const jsm = await provider(await databases.init('SQLITE_3'));
    const downgrade = demoApprovedRequest({
      appName: 'Figma',
      tier: 'viewer',
      tierName: 'Viewer',
      replaces: { tier: 'editor' },
      requesterName: 'Emma Jones',
      requesterEmail: 'emma.jones@acme.example.com',
      justification: 'Rule "No sign-in for 90 days" of the Figma workflow',
      automation: {
        change: 'downgrade',
        fromTierName: 'Editor',
        reason: 'unused',
      },
      approvals: [],
    });
    const opened = (await jsm.fulfill(downgrade, ctx('reclaim:1'))) as {
      externalId: string;
    };
    expect(summaryOf(opened.externalId)).toBe(
      `Downgrade Figma Editor to Viewer for Emma Jones [${markerOf(
        'reclaim:1',
      )}]`,
    );
    const description = sandbox.state.desk.find(opened.externalId)!.fields
      .description as string;
    for (const text of [
      'Please move Emma Jones <emma.jones@acme.example.com> from Figma Editor to Viewer (a downgrade license automation decided, which Okta cannot make), then resolve this request.',
      'Why: Rule "No sign-in for 90 days" of the Figma workflow',
      'No approval needed: license automation decided it.',
    ]) {
      expect(description).toContain(text);
    }
    expect(description).not.toContain('Approved by');
  });

  it('reports a declined request as rejected, with the status for admins', async () => {
    const jsm = await provider(await databases.init('SQLITE_3'));
    const opened = (await jsm.fulfill(request, ctx('declined'))) as {
      externalId: string;
    };
    await sandbox.state.desk.transition(opened.externalId, 'Declined', 'DONE');
    expect(await jsm.ticketStatus(opened.externalId)).toEqual({
      status: 'rejected',
      detail: 'The JSM request was declined',
    });
    expect(summaryOf(opened.externalId)).toContain(markerOf('declined'));
  });

  it('throws 429 and 500 with their status and Retry-After, so that the job is retried, and opens one request once JSM is back', async () => {
    const jsm = await provider(await databases.init('SQLITE_3'));
    const before = sandbox.state.desk.requests.length;
    sandbox.state.faults.failNext('jira', 1, '429');
    const limited = await jsm.fulfill(request, ctx('faulty')).catch(e => e);
    expect(limited).toMatchObject({
      name: 'JsmApiError',
      status: 429,
      headers: expect.objectContaining({ 'retry-after': '1' }),
    });
    expect(limited.message).toContain('Rate limit exceeded.');
    expect(classifyError(limited)).toMatchObject({
      retryable: true,
      retryAfterMs: 1000,
    });
    sandbox.state.faults.failNext('jira', 1, '500');
    const broken = await jsm.fulfill(request, ctx('faulty')).catch(e => e);
    expect(broken).toMatchObject({ status: 500 });
    expect(classifyError(broken).retryable).toBe(true);
    expect(sandbox.state.desk.requests.length).toBe(before);

    const opened = await jsm.fulfill(request, ctx('faulty'));
    expect(opened).toMatchObject({ status: 'pending' });
    expect(sandbox.state.desk.requests.length).toBe(before + 1);

    sandbox.state.faults.failNext('jira', 1, '429');
    const polled = await jsm
      .ticketStatus((opened as { externalId: string }).externalId)
      .catch(e => e);
    expect(classifyError(polled)).toMatchObject({
      retryable: true,
      retryAfterMs: 1000,
    });
  });

  it('fails for good, with what to fix, when JSM refuses the credentials; never says why with the token', async () => {
    const jsm = await provider(await databases.init('SQLITE_3'), {
      apiToken: 'revoked-token',
    });
    const before = sandbox.state.desk.requests.length;
    const result = await jsm.fulfill(request, ctx('refused'));
    expect(result).toEqual({
      status: 'failed',
      reason: expect.stringContaining(
        'answered 401: Client must be authenticated to access this resource. Check connectors.jiraServiceManagement.email and apiToken, then retry.',
      ),
    });
    expect(JSON.stringify(result)).not.toContain('revoked-token');
    expect(sandbox.state.desk.requests.length).toBe(before);
  });

  it('tests the connection by reading the service desk and request type', async () => {
    const knex = await databases.init('SQLITE_3');
    const jsm = await provider(knex);
    expect(await jsm.test()).toBe(
      `Connected to ${sandbox.urls.jira}: service desk IT Support (IT), request type Request access to an application`,
    );
    const wrongDesk = await provider(knex, { serviceDeskId: '42' });
    await expect(wrongDesk.test()).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining(
        'Reading service desk 42 and request type 25',
      ),
    });
    const wrongType = await provider(knex, { requestTypeId: '99' });
    await expect(wrongType.test()).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('request type with ID 99'),
    });
    const stranger = await provider(knex, { apiToken: 'nope' });
    await expect(stranger.test()).rejects.toMatchObject({ status: 401 });
  });
});
