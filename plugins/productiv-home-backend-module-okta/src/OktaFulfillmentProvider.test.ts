import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { classifyError } from '@internal/durable-jobs';
import { ApprovedRequest } from '@internal/plugin-productiv-home-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { Client } from '@okta/okta-sdk-nodejs';
import { generateKeyPairSync } from 'node:crypto';
import {
  OktaFulfillmentProvider,
  OktaFulfillmentProviderOptions,
} from './OktaFulfillmentProvider';

jest.setTimeout(30_000);

type Write = {
  kind: string;
  target: string | null;
  login: string | null;
  changed: boolean;
};

describe('OktaFulfillmentProvider against the sandbox', () => {
  let sandbox: Sandbox;
  let okta: Client;
  let provider: OktaFulfillmentProvider;
  const ctx = {
    logger: mockServices.logger.mock(),
    idempotencyKey: 'fulfill:r1',
  };

  const providerFor = (
    settings: Record<string, unknown>,
    options?: OktaFulfillmentProviderOptions,
  ) =>
    OktaFulfillmentProvider.fromConfig(
      new ConfigReader({
        connectors: { okta: { orgUrl: sandbox.urls.okta, ...settings } },
      }),
      options,
    )!;

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
    provider = providerFor({ token: sandbox.credentials.okta.token });
    // A client of our own, to see what Okta holds.
    okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  async function all<T>(c: Promise<AsyncIterable<T | null>>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of await c) if (item) items.push(item);
    return items;
  }
  const groupId = async (name: string) =>
    (await all(okta.groupApi.listGroups({ q: name }))).find(
      g => g.profile?.name === name,
    )!.id!;
  const appId = async (label: string) =>
    (await all(okta.applicationApi.listApplications({ q: label }))).find(
      a => a.label === label,
    )!.id!;
  /** The membership and assignment writes the sandbox saw for one person. */
  const writesFor = async (login: string): Promise<Write[]> =>
    (
      (await (
        await fetch(`${sandbox.urls.inspector}/api/okta/writes`)
      ).json()) as Write[]
    ).filter(w => w.login === login);
  const request = (
    email: string,
    over: Partial<ApprovedRequest>,
  ): ApprovedRequest => ({
    requestId: 'r1',
    requesterRef: `user:default/${email.split('@')[0]}`,
    requesterEmail: email,
    appKey: 'figma',
    appName: 'Figma',
    tier: 'editor',
    approvals: [{ level: 1, approver: 'user:default/olivia.chen' }],
    link: 'http://portal/productiv-home/requests/r1',
    ...over,
  });

  it("adds the requester to the tier's group exactly once, and confirms it", async () => {
    const emma = 'emma.jones@acme.example.com';
    const editors = await groupId('Figma Editor');
    expect(
      await provider.fulfill(request(emma, { oktaGroupId: editors }), ctx),
    ).toEqual({
      status: 'fulfilled',
      detail: `${emma} added to Okta group ${editors}`,
    });
    const members = await all(
      okta.groupApi.listGroupUsers({ groupId: editors }),
    );
    expect(members.map(m => m.profile?.login)).toContain(emma);

    // The job's retry (or a second replica) finds the membership: no write.
    expect(
      await provider.fulfill(request(emma, { oktaGroupId: editors }), ctx),
    ).toEqual({
      status: 'fulfilled',
      detail: `${emma} was already a member of Okta group ${editors}`,
    });
    expect(await writesFor(emma)).toEqual([
      {
        kind: 'group.user.add',
        target: 'Figma Editor',
        login: emma,
        changed: true,
        targetId: editors,
        userId: expect.any(String),
        at: expect.any(String),
      },
    ]);
  });

  it('changes tier with one add to the new group and one removal from the old, never twice', async () => {
    const benjamin = 'benjamin.moore@acme.example.com';
    const [viewers, explorers] = [
      await groupId('Tableau Viewer'),
      await groupId('Tableau Explorer'),
    ];
    const change = request(benjamin, {
      appKey: 'tableau',
      appName: 'Tableau',
      tier: 'explorer',
      oktaGroupId: explorers,
      replaces: { tier: 'viewer', oktaGroupId: viewers },
    });
    expect(await provider.fulfill(change, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${benjamin} added to Okta group ${explorers}; removed from Okta group ${viewers}`,
    });
    const groups = await all(
      okta.userApi.listUserGroups({
        userId: (await okta.userApi.getUser({ userId: benjamin })).id!,
      }),
    );
    expect(groups.map(g => g.profile?.name)).toContain('Tableau Explorer');
    expect(groups.map(g => g.profile?.name)).not.toContain('Tableau Viewer');

    // A retry finds both done and writes nothing.
    expect(await provider.fulfill(change, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${benjamin} was already a member of Okta group ${explorers}; ${benjamin} was no longer in Okta group ${viewers}`,
    });
    expect(
      (await writesFor(benjamin)).map(w => [w.kind, w.target, w.changed]),
    ).toEqual([
      ['group.user.add', 'Tableau Explorer', true],
      ['group.user.remove', 'Tableau Viewer', true],
    ]);
  });

  it('takes a license given back out of its group exactly once, and a retry writes nothing', async () => {
    const amelia = 'amelia.taylor@acme.example.com';
    const viewers = await groupId('Tableau Viewer');
    const giveBack = request(amelia, {
      action: 'remove',
      appKey: 'tableau',
      appName: 'Tableau',
      tier: 'viewer',
      tierName: 'Viewer',
      oktaGroupId: viewers,
      approvals: [],
    });
    expect(await provider.fulfill(giveBack, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${amelia} removed from Okta group ${viewers}`,
    });
    const members = await all(
      okta.groupApi.listGroupUsers({ groupId: viewers }),
    );
    expect(members.map(m => m.profile?.login)).not.toContain(amelia);

    // The job's retry finds nothing left to take away.
    expect(await provider.fulfill(giveBack, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${amelia} was no longer in Okta group ${viewers}`,
    });
    expect(
      (await writesFor(amelia)).map(w => [w.kind, w.target, w.changed]),
    ).toEqual([['group.user.remove', 'Tableau Viewer', true]]);
  });

  it("unassigns an app given back when the person's own assignment grants it, once", async () => {
    const james = 'james.walker@acme.example.com';
    const miro = await appId('Miro');
    const giveBack = request(james, {
      action: 'remove',
      appKey: 'miro',
      appName: 'Miro',
      tier: 'member',
      oktaAppId: miro,
      approvals: [],
    });
    expect(await provider.fulfill(giveBack, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${james} unassigned from Okta app ${miro}`,
    });
    expect(await provider.fulfill(giveBack, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${james} was no longer assigned to Okta app ${miro}`,
    });
    expect((await writesFor(james)).map(w => [w.kind, w.target])).toEqual([
      ['app.user.unassign', 'Miro'],
    ]);

    // An app held through a group is not unassigned: the group grants it.
    const harper = 'harper.thomas@acme.example.com';
    const tableauApp = await appId('Tableau');
    expect(
      await provider.fulfill(
        request(harper, {
          action: 'remove',
          appName: 'Tableau',
          oktaAppId: tableauApp,
        }),
        ctx,
      ),
    ).toEqual({
      status: 'failed',
      reason: expect.stringMatching(
        new RegExp(`^${harper} has Tableau through an Okta group`),
      ),
    });
    expect(await writesFor(harper)).toEqual([]);
  });

  it('assigns the app when the tier has no group, exactly once', async () => {
    const grace = 'grace.clark@acme.example.com';
    const docusign = await appId('DocuSign');
    const docusignRequest = request(grace, {
      appKey: 'docusign',
      appName: 'DocuSign',
      tier: 'sender',
      oktaAppId: docusign,
    });
    expect(await provider.fulfill(docusignRequest, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${grace} assigned to Okta app ${docusign}`,
    });
    const [user] = await all(
      okta.userApi.listUsers({ search: `profile.email eq "${grace}"` }),
    );
    await expect(
      okta.applicationApi.getApplicationUser({
        appId: docusign,
        userId: user.id!,
      }),
    ).resolves.toMatchObject({ id: user.id, scope: 'USER' });

    expect(await provider.fulfill(docusignRequest, ctx)).toEqual({
      status: 'fulfilled',
      detail: `${grace} was already assigned to Okta app ${docusign}`,
    });
    expect((await writesFor(grace)).map(w => [w.kind, w.target])).toEqual([
      ['app.user.assign', 'DocuSign'],
    ]);
  });

  it('finds the account by login when no profile has the e-mail', async () => {
    const henry = 'henry.wilson@acme.example.com';
    const account = sandbox.state.directory.findUser(henry)!;
    // An account whose e-mail differs from its login (the login is the address we know).
    account.profile.email = 'h.wilson@private.example.com';
    const explorers = await groupId('Tableau Explorer');
    expect(
      await provider.fulfill(request(henry, { oktaGroupId: explorers }), ctx),
    ).toMatchObject({ status: 'fulfilled' });
    expect(
      sandbox.state.directory.members.get(explorers)!.has(account.id),
    ).toBe(true);
  });

  it('fails for good, with what to do, when nothing can be granted', async () => {
    const editors = await groupId('Figma Editor');
    expect(
      await provider.fulfill(
        request('nina.petrov@acme.example.com', { oktaGroupId: editors }),
        ctx,
      ),
    ).toEqual({
      status: 'failed',
      reason:
        'nina.petrov@acme.example.com has no Okta account; create one (or fix the e-mail in the catalog), then retry',
    });
    expect(
      await provider.fulfill(
        request('jordan.blake@acme.example.com', { oktaGroupId: editors }),
        ctx,
      ),
    ).toEqual({
      status: 'failed',
      reason:
        "jordan.blake@acme.example.com's Okta account is deactivated; reactivate it in Okta, then retry",
    });
    expect(
      await provider.fulfill(
        request('emma.jones@acme.example.com', {
          requesterEmail: undefined,
          oktaGroupId: editors,
        }),
        ctx,
      ),
    ).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('has no e-mail in the catalog'),
    });
    expect(
      await provider.fulfill(request('emma.jones@acme.example.com', {}), ctx),
    ).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('has no Okta group or app to grant'),
    });
    expect(sandbox.state.directory.writes.map(w => w.userId)).not.toContain(
      sandbox.state.directory.findUser('jordan.blake@acme.example.com')!.id,
    );
  });

  it("turns Okta's final refusals into a reason for admins", async () => {
    const ava = 'ava.rossi@acme.example.com';
    // Okta refuses to add anyone to its built-in Everyone group (403).
    const everyone = await groupId('Everyone');
    sandbox.state.directory.members.get(everyone)!.clear();
    expect(
      await provider.fulfill(request(ava, { oktaGroupId: everyone }), ctx),
    ).toEqual({
      status: 'failed',
      reason: expect.stringMatching(
        new RegExp(
          `^Okta refused to add ${ava} to group ${everyone} \\(Okta HTTP 403 E0000006 .*\\); check the tier's group in the inventory`,
        ),
      ),
    });
    expect(
      await provider.fulfill(request(ava, { oktaGroupId: '00gGone' }), ctx),
    ).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('Okta HTTP 404'),
    });
    expect(
      await provider.fulfill(request(ava, { oktaAppId: '0oaGone' }), ctx),
    ).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^Okta refused to assign app 0oaGone/),
    });
    const wrongToken = providerFor({ token: 'revoked' });
    expect(
      await wrongToken.fulfill(request(ava, { oktaGroupId: everyone }), ctx),
    ).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^Okta refused the connector's credentials .*; fix connectors\.okta, then retry$/,
      ),
    });
  });

  it('throws 429 with its reset header and 500 with its status, for the job to retry', async () => {
    const liam = 'liam.patel@acme.example.com';
    const zoomPro = await groupId('Zoom Pro');
    const grant = request(liam, { oktaGroupId: zoomPro });

    sandbox.state.faults.failNext('okta', 1, '429');
    const limited = await provider.fulfill(grant, ctx).catch(e => e);
    expect(limited).toMatchObject({ status: 429 });
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    // The job runner waits until the reset, not just its default backoff.
    expect(classifyError(limited)).toMatchObject({
      retryable: true,
      retryAfterMs: expect.any(Number),
    });

    sandbox.state.faults.failNext('okta', 1, '500');
    await expect(provider.fulfill(grant, ctx)).rejects.toMatchObject({
      status: 500,
    });
    expect(await writesFor(liam)).toEqual([]);

    // Once Okta answers again, the retry grants, once.
    expect((await provider.fulfill(grant, ctx)).status).toBe('fulfilled');
    expect((await writesFor(liam)).map(w => w.kind)).toEqual([
      'group.user.add',
    ]);
  });

  it('gives up on a slow Okta, and on a job that timed out, with retryable errors', async () => {
    const noah = 'noah.kim@acme.example.com';
    const grant = request(noah, { oktaGroupId: await groupId('Zoom Basic') });
    sandbox.state.faults.set('okta', { delayRate: 1, delayMs: 1000 });

    const impatient = providerFor(
      { token: sandbox.credentials.okta.token },
      { requestTimeoutMs: 200 },
    );
    const timedOut = await impatient.fulfill(grant, ctx).catch(e => e);
    expect(timedOut.message).toMatch(/network timeout/);
    expect(classifyError(timedOut).retryable).toBe(true);

    // The job runner aborts its signal when the job runs too long.
    const started = Date.now();
    const aborted = await provider
      .fulfill(grant, { ...ctx, signal: AbortSignal.timeout(200) })
      .catch(e => e);
    expect(aborted.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(classifyError(aborted).retryable).toBe(true);
    expect(await writesFor(noah)).toEqual([]);
  });

  it('tests the connection, and reports a wrong token', async () => {
    await expect(provider.test()).resolves.toBe(
      `Connected to ${sandbox.urls.okta}: users are readable`,
    );
    await expect(providerFor({ token: 'wrong' }).test()).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Invalid token provided'),
    });
  });

  it('signs in with an OAuth private key instead of a token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const viaOAuth = providerFor({
      oauth: {
        clientId: '0oaProductivHome',
        keyId: 'productiv-key',
        privateKey: privateKey
          .export({ type: 'pkcs8', format: 'pem' })
          .toString(),
      },
    });
    await expect(viaOAuth.test()).resolves.toBe(
      `Connected to ${sandbox.urls.okta}: users are readable`,
    );
    const ethan = 'ethan.brown@acme.example.com';
    const grant = request(ethan, {
      oktaGroupId: await groupId('Salesforce Platform'),
    });
    expect((await viaOAuth.fulfill(grant, ctx)).status).toBe('fulfilled');
    expect((await writesFor(ethan)).map(w => w.target)).toEqual([
      'Salesforce Platform',
    ]);
  });
});
