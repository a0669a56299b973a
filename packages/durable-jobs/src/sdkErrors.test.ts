import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client, RequestExecutor } from '@okta/okta-sdk-nodejs';
import { LogLevel, WebClient } from '@slack/web-api';
import { ServiceDeskClient } from 'jira.js';
import { createClient } from 'node-zendesk';
import { classifyError } from './errors';

jest.setTimeout(30_000);

/**
 * classifyError on the errors the SDKs really throw: each client talks to a
 * local server that answers with the status and headers a test sets, with
 * the SDK's own retries turned off so that the first answer is thrown.
 */
describe('classifyError on errors thrown by the SDKs', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; headers?: Record<string, string> };

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    server = createServer((_req, res) => {
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        ...answer.headers,
      });
      res.end(
        JSON.stringify({
          // Okta's error body, and Slack's for a platform error.
          errorCode: 'E0000047',
          errorSummary: 'API call exceeded rate limit',
          ok: false,
          error: 'channel_not_found',
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  async function thrown(call: () => Promise<unknown>): Promise<unknown> {
    try {
      await call();
    } catch (error) {
      return error;
    }
    throw new Error('the call did not throw');
  }

  it('okta-sdk-nodejs: waits for the rate-limit reset on a 429 only', async () => {
    const okta = new Client({
      orgUrl: `${base}/`,
      token: 't',
      requestExecutor: new RequestExecutor(), // the default one retries 429s
    });
    const resetSeconds = Math.floor(Date.now() / 1000) + 30;
    const headers = { 'x-rate-limit-reset': String(resetSeconds) };

    answer = { status: 429, headers };
    const limited = classifyError(
      await thrown(() => okta.userApi.getUser({ userId: 'u1' })),
    );
    expect(limited.retryable).toBe(true);
    expect(limited.retryAfterMs).toBeGreaterThan(25_000);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(30_000);

    answer = { status: 503, headers };
    expect(
      classifyError(await thrown(() => okta.userApi.getUser({ userId: 'u2' }))),
    ).toMatchObject({ retryable: true, retryAfterMs: undefined });

    answer = { status: 404, headers };
    expect(
      classifyError(await thrown(() => okta.userApi.getUser({ userId: 'u3' })))
        .retryable,
    ).toBe(false);
  });

  it('@slack/web-api: rate limits, HTTP errors and platform errors', async () => {
    const slack = new WebClient('xoxb-test', {
      slackApiUrl: `${base}/api/`,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const post = () => slack.chat.postMessage({ channel: 'C1', text: 'hi' });

    answer = { status: 429, headers: { 'retry-after': '7' } };
    expect(classifyError(await thrown(post))).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    answer = { status: 502, headers: { 'retry-after': '3' } };
    expect(classifyError(await thrown(post))).toMatchObject({
      retryable: true,
      retryAfterMs: 3000,
    });
    // HTTP 200 with ok: false, e.g. channel_not_found: retrying cannot help.
    answer = { status: 200 };
    expect(classifyError(await thrown(post)).retryable).toBe(false);
  });

  it('jira.js: reads Retry-After from the axios answer inside its HttpException', async () => {
    const jira = new ServiceDeskClient({
      host: base,
      authentication: { basic: { email: 'a@example.com', apiToken: 't' } },
    });
    const call = () => jira.serviceDesk.getServiceDesks();

    answer = { status: 429, headers: { 'retry-after': '7' } };
    expect(classifyError(await thrown(call))).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    answer = { status: 503 };
    expect(classifyError(await thrown(call)).retryable).toBe(true);
    answer = { status: 400 };
    expect(classifyError(await thrown(call)).retryable).toBe(false);

    // Nothing listens on port 1: axios's ECONNREFUSED comes through as is.
    const nowhere = new ServiceDeskClient({ host: 'http://127.0.0.1:1' });
    expect(
      classifyError(await thrown(() => nowhere.serviceDesk.getServiceDesks())),
    ).toMatchObject({ retryable: true });
  });

  it('node-zendesk (throwOriginalException): 429 and 5xx retried, 404 not', async () => {
    // Without throwOriginalException, node-zendesk rethrows a bare Error
    // whose only trace of the status is in its message.
    const zendesk = createClient({
      username: 'a@example.com',
      token: 't',
      endpointUri: `${base}/api/v2`,
      throwOriginalException: true,
    });
    const show = () => zendesk.tickets.show(1);
    for (const status of [429, 500, 503]) {
      answer = { status };
      expect(classifyError(await thrown(show)).retryable).toBe(true);
    }
    answer = { status: 404 };
    expect(classifyError(await thrown(show)).retryable).toBe(false);
  });
});
