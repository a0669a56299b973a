import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { createSlackClient } from './createSlackClient';

jest.setTimeout(30_000);

describe('createSlackClient', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  const client = (botToken = sandbox.credentials.slack.botToken) =>
    createSlackClient(
      new ConfigReader({
        apiUrl: sandbox.urls.slack,
        botToken,
        signingSecret: 'x',
      }),
      mockServices.logger.mock(),
    );

  it('calls the Web API at apiUrl with the bot token', async () => {
    await expect(client().auth.test()).resolves.toMatchObject({
      ok: true,
      team: 'Acme',
    });
    await expect(client('xoxb-wrong').auth.test()).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
  });

  it('sends a rate-limited call once and hands the 429 with its Retry-After to the caller', async () => {
    sandbox.state.faults.failNext('slack', 1, '429');
    const before = sandbox.state.faults.stats('slack').calls;
    await expect(client().auth.test()).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
    });
    expect(sandbox.state.faults.stats('slack').calls - before).toBe(1);
  });

  it('does not retry a 500 either', async () => {
    sandbox.state.faults.failNext('slack', 1, '500');
    const before = sandbox.state.faults.stats('slack').calls;
    await expect(client().auth.test()).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 500,
    });
    expect(sandbox.state.faults.stats('slack').calls - before).toBe(1);
  });
});
