import { ConfigReader } from '@backstage/config';
import { classifyError } from '@internal/durable-jobs';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { createOktaConnection } from './createOktaConnection';
import { OktaRequestExecutorOptions } from './OktaRequestExecutor';

jest.setTimeout(60_000);

describe('createOktaConnection against the sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  const connect = (options: Partial<OktaRequestExecutorOptions> = {}) =>
    createOktaConnection(
      new ConfigReader({
        connectors: {
          okta: {
            orgUrl: sandbox.urls.okta,
            token: sandbox.credentials.okta.token,
          },
        },
      }),
      { scopes: ['okta.groups.manage'], ...options },
    )!;

  const someone = () => [...sandbox.state.directory.users.values()][3];
  const someGroup = () =>
    [...sandbox.state.directory.groups.values()].find(
      g => g.type === 'OKTA_GROUP',
    )!;

  it('is undefined without connectors.okta, and says what is missing', () => {
    expect(
      createOktaConnection(new ConfigReader({}), { scopes: [] }),
    ).toBeUndefined();
    expect(() =>
      createOktaConnection(
        new ConfigReader({ connectors: { okta: { orgUrl: 'https://x' } } }),
        { scopes: [] },
      ),
    ).toThrow(/token/);
  });

  it('reads through the pacer, which learns the rate limit from the answers', async () => {
    const { client, executor } = connect();
    const user = await client.userApi.getUser({ userId: someone().id });
    expect(user.id).toBe(someone().id);
    expect(executor.pacer.stats).toMatchObject({ calls: 1, limited: 0 });
  });

  it('sends a write answered 429 once, and throws it with its reset for the job to retry', async () => {
    const { client } = connect({ readRetries: 3 });
    const group = someGroup();
    const user = someone();
    const callsBefore = sandbox.state.faults.stats('okta').calls;
    sandbox.state.faults.failNext('okta', 1, '429');
    const error = await client.groupApi
      .assignUserToGroup({ groupId: group.id, userId: user.id })
      .catch(e => e);
    expect(error).toMatchObject({ status: 429 });
    expect(sandbox.state.faults.stats('okta').calls - callsBefore).toBe(1);
    expect(classifyError(error)).toMatchObject({
      retryable: true,
      retryAfterMs: expect.any(Number),
    });
  });

  it('sends a read answered 429 again after the reset only when asked to', async () => {
    const user = someone();
    sandbox.state.faults.failNext('okta', 1, '429');
    await expect(
      connect().client.userApi.getUser({ userId: user.id }),
    ).rejects.toMatchObject({ status: 429 });

    sandbox.state.faults.failNext('okta', 1, '429');
    const started = Date.now();
    const read = await connect({ readRetries: 1 }).client.userApi.getUser({
      userId: user.id,
    });
    expect(read.id).toBe(user.id);
    // The sandbox's 429 resets a second ahead.
    expect(Date.now() - started).toBeGreaterThan(200);
  });

  it("ends a request when the caller's signal fires, and after its timeout", async () => {
    sandbox.state.faults.set('okta', { delayRate: 1, delayMs: 1000 });
    const { client, executor } = connect();
    const started = Date.now();
    const aborted = await executor
      .withSignal(AbortSignal.timeout(200), () =>
        client.userApi.getUser({ userId: someone().id }),
      )
      .catch(e => e);
    expect(aborted.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(900);
    expect(classifyError(aborted).retryable).toBe(true);

    const impatient = connect({ requestTimeoutMs: 200 }).client;
    const timedOut = await impatient.userApi
      .getUser({ userId: someone().id })
      .catch(e => e);
    expect(timedOut.message).toMatch(/network timeout/);
    expect(classifyError(timedOut).retryable).toBe(true);
  });
});
