import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { classifyError } from '@internal/durable-jobs';
import { ApprovedRequest } from '@internal/plugin-productiv-home-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { Client } from '@okta/okta-sdk-nodejs';
import { OktaFulfillmentProvider } from './OktaFulfillmentProvider';

jest.setTimeout(60_000);

describe('OktaFulfillmentProvider against the sandbox', () => {
  let sandbox: Sandbox;
  let okta: Client;
  let provider: OktaFulfillmentProvider;
  const ctx = {
    logger: mockServices.logger.mock(),
    idempotencyKey: 'fulfill:r1:1',
  };

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
    const config = new ConfigReader({
      connectors: {
        okta: {
          orgUrl: sandbox.urls.okta,
          token: sandbox.credentials.okta.token,
        },
      },
    });
    provider = OktaFulfillmentProvider.fromConfig(config)!;
    // A separate client, to check what Okta holds.
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
  const request = (over: Partial<ApprovedRequest>): ApprovedRequest => ({
    requestId: 'r1',
    requesterRef: 'user:default/emma.jones',
    requesterEmail: 'emma.jones@acme.example.com',
    appKey: 'figma',
    appName: 'Figma',
    tier: 'editor',
    approvals: [],
    link: 'http://portal/productiv-home',
    ...over,
  });

  it("adds the requester to the tier's group once, and confirms it", async () => {
    const editors = await groupId('Figma Editor');
    const writes = jest.spyOn(
      (provider as any).client.groupApi,
      'assignUserToGroup',
    );
    expect(
      await provider.fulfill(request({ oktaGroupId: editors }), ctx),
    ).toEqual({
      status: 'fulfilled',
      detail: `emma.jones@acme.example.com added to Okta group ${editors}`,
    });
    const members = await all(
      okta.groupApi.listGroupUsers({ groupId: editors }),
    );
    expect(members.map(m => m.profile?.email)).toContain(
      'emma.jones@acme.example.com',
    );
    // A retry, or a second request: already a member, no second write.
    expect(
      await provider.fulfill(request({ oktaGroupId: editors }), ctx),
    ).toMatchObject({
      status: 'fulfilled',
      detail: expect.stringContaining('already'),
    });
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('assigns the app when the tier has no group, once', async () => {
    const miro = await appId('Miro');
    const first = await provider.fulfill(
      request({
        appKey: 'miro',
        appName: 'Miro',
        tier: 'member',
        oktaAppId: miro,
      }),
      ctx,
    );
    expect(first).toEqual({
      status: 'fulfilled',
      detail: `emma.jones@acme.example.com assigned to Okta app ${miro}`,
    });
    const emma = (
      await all(
        okta.userApi.listUsers({
          search: 'profile.email eq "emma.jones@acme.example.com"',
        }),
      )
    )[0];
    await expect(
      okta.applicationApi.getApplicationUser({ appId: miro, userId: emma.id! }),
    ).resolves.toMatchObject({ id: emma.id, scope: 'USER' });
    expect(
      (
        await provider.fulfill(
          request({
            appKey: 'miro',
            appName: 'Miro',
            tier: 'member',
            oktaAppId: miro,
          }),
          ctx,
        )
      ).status,
    ).toBe('fulfilled');
  });

  it('fails for good when the person has no Okta account or the tier nothing to grant', async () => {
    expect(
      await provider.fulfill(
        request({
          requesterRef: 'user:default/nina.petrov',
          requesterEmail: 'nina.petrov@acme.example.com',
          oktaGroupId: await groupId('Figma Editor'),
        }),
        ctx,
      ),
    ).toEqual({
      status: 'failed',
      reason:
        'nina.petrov@acme.example.com has no Okta account; create one (or fix the e-mail in the catalog), then retry',
    });
    expect(await provider.fulfill(request({}), ctx)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('has no Okta group or app to grant'),
    });
  });

  it('throws 429 and 500 with what the job runner needs to retry them', async () => {
    const viewers = await groupId('Figma Viewer');
    sandbox.state.faults.failNext('okta', 1, '429');
    const limited = await provider
      .fulfill(request({ oktaGroupId: viewers }), ctx)
      .catch(e => e);
    expect(classifyError(limited)).toMatchObject({ retryable: true });
    expect(classifyError(limited).retryAfterMs).toBeGreaterThanOrEqual(0);
    sandbox.state.faults.failNext('okta', 1, '500');
    const broken = await provider
      .fulfill(request({ oktaGroupId: viewers }), ctx)
      .catch(e => e);
    expect(classifyError(broken).retryable).toBe(true);
    // Once Okta answers again, the retry goes through.
    expect(
      (await provider.fulfill(request({ oktaGroupId: viewers }), ctx)).status,
    ).toBe('fulfilled');
  });

  it('tests the connection, and reports a bad token', async () => {
    expect(await provider.test()).toBe(
      `Connected to ${sandbox.urls.okta}; users are readable`,
    );
    const wrong = OktaFulfillmentProvider.fromConfig(
      new ConfigReader({
        connectors: { okta: { orgUrl: sandbox.urls.okta, token: 'wrong' } },
      }),
    )!;
    await expect(wrong.test()).rejects.toMatchObject({ status: 401 });
  });
});
