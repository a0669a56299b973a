import { ResponseError } from '@backstage/errors';
import {
  classifyError,
  isFinalHttpStatus,
  PermanentError,
  RetryableError,
} from './errors';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('classifyError', () => {
  it('retries 429 and 5xx from fetch responses, honouring Retry-After', async () => {
    const tooMany = await ResponseError.fromResponse(
      new Response('{}', {
        status: 429,
        headers: { 'retry-after': '7', 'content-type': 'application/json' },
      }) as any,
    );
    expect(classifyError(tooMany, NOW)).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    const unavailable = await ResponseError.fromResponse(
      new Response('down', { status: 503 }) as any,
    );
    expect(classifyError(unavailable, NOW).retryable).toBe(true);
    const badRequest = await ResponseError.fromResponse(
      new Response('no', { status: 400 }) as any,
    );
    expect(classifyError(badRequest, NOW).retryable).toBe(false);
  });

  it("reads Okta's rate-limit reset (epoch seconds) and axios-style responses", () => {
    // okta-sdk-nodejs: status and a fetch Headers object on the error.
    const okta = Object.assign(new Error('Too Many Requests'), {
      status: 429,
      headers: new Headers({ 'x-rate-limit-reset': String(NOW / 1000 + 12) }),
    });
    expect(classifyError(okta, NOW)).toMatchObject({
      retryable: true,
      retryAfterMs: 12_000,
    });
    // jira.js (axios): response.status and plain headers.
    const axios = Object.assign(new Error('Request failed'), {
      response: {
        status: 502,
        headers: { 'retry-after': 'Tue, 24 Nov 2026 12:00:05 GMT' },
      },
    });
    expect(classifyError(axios, NOW)).toMatchObject({
      retryable: true,
      retryAfterMs: 5000,
    });
    // Okta sends its window's reset on every answer: a 500 is not told to wait.
    const oktaDown = Object.assign(new Error('Internal Server Error'), {
      status: 500,
      headers: new Headers({ 'x-rate-limit-reset': String(NOW / 1000 + 50) }),
    });
    expect(classifyError(oktaDown, NOW)).toEqual({
      retryable: true,
      retryAfterMs: undefined,
      message: 'Internal Server Error',
    });
    // node-zendesk: statusCode.
    expect(
      classifyError(Object.assign(new Error('x'), { statusCode: 404 }), NOW)
        .retryable,
    ).toBe(false);
  });

  it('retries Slack rate limits, network errors and timeouts; not the rest', () => {
    expect(
      classifyError(
        Object.assign(new Error('rate limited'), {
          code: 'slack_webapi_rate_limited_error',
          retryAfter: 3,
        }),
        NOW,
      ),
    ).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(
      classifyError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7011'), {
          code: 'ECONNREFUSED',
        }),
      ).retryable,
    ).toBe(true);
    expect(
      classifyError(
        Object.assign(new Error('fetch failed'), {
          cause: { code: 'UND_ERR_SOCKET' },
        }),
      ).retryable,
    ).toBe(true);
    const timeout = new Error('The operation was aborted');
    timeout.name = 'AbortError';
    expect(classifyError(timeout).retryable).toBe(true);
    expect(classifyError(new TypeError('x is undefined')).retryable).toBe(
      false,
    );
    expect(
      classifyError(new RetryableError('later', { retryAfterMs: 9 })),
    ).toMatchObject({ retryable: true, retryAfterMs: 9 });
    expect(
      classifyError(
        Object.assign(new PermanentError('no Okta account'), { status: 503 }),
      ).retryable,
    ).toBe(false);
  });
});

describe('isFinalHttpStatus', () => {
  it('is true for a 4xx other than 408 and 429, and only then', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 499]) {
      expect(isFinalHttpStatus(status)).toBe(true);
    }
    for (const status of [200, 302, 399, 408, 429, 500, 502, 503, 599]) {
      expect(isFinalHttpStatus(status)).toBe(false);
    }
  });

  it('agrees with classifyError on every HTTP error status', () => {
    for (let status = 400; status < 600; status++) {
      expect(classifyError({ status }).retryable).toBe(
        !isFinalHttpStatus(status),
      );
    }
  });
});
