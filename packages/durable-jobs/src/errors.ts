/**
 * Thrown by a job handler to ask for a retry, optionally not before
 * `retryAfterMs` (e.g. from a 429's reset header).
 *
 * @public
 */
export class RetryableError extends Error {
  readonly retryAfterMs?: number;
  constructor(message: string, options?: { retryAfterMs?: number }) {
    super(message);
    this.name = 'RetryableError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * Thrown by a job handler for a failure that no retry can fix.
 *
 * @public
 */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

const NETWORK_CODES = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

type Headers = Record<string, unknown> | { get(name: string): unknown };

function header(
  headers: Headers | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const value =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(n: string): unknown }).get(name)
      : Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
}

/**
 * Milliseconds to wait from Retry-After (seconds or a date), or for a 429
 * from x-rate-limit-reset (epoch seconds). Okta sends the reset of its
 * window on every answer; only on a 429 does it say when to come back.
 */
function retryAfterFrom(
  headers: Headers | undefined,
  nowMs: number,
  status: number,
): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = Number(header(headers, 'x-rate-limit-reset'));
  if (status === 429 && Number.isFinite(reset) && reset > 0) {
    return Math.max(0, reset * 1000 - nowMs);
  }
  return undefined;
}

/**
 * Whether an HTTP answer's status says that no retry can fix the call: a
 * 4xx other than 408 (request timeout) and 429 (too many requests). 5xx
 * answers and everything outside 4xx are not final.
 *
 * @public
 */
export function isFinalHttpStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Whether a failure is worth retrying, and when. Retryable: HTTP 429 and
 * 5xx (as thrown by okta-sdk-nodejs, @slack/web-api, jira.js/axios,
 * node-zendesk and `ResponseError` from @backstage/errors), timeouts and
 * network errors. Other HTTP errors and everything else are final, except
 * a {@link RetryableError}.
 *
 * @public
 */
export function classifyError(
  error: unknown,
  nowMs = Date.now(),
): { retryable: boolean; retryAfterMs?: number; message: string } {
  const e = (error ?? {}) as Record<string, any>;
  const message = String(e.message ?? error);
  if (error instanceof RetryableError) {
    return { retryable: true, retryAfterMs: error.retryAfterMs, message };
  }
  if (error instanceof PermanentError) return { retryable: false, message };

  const response = e.response ?? e.data?.response;
  const status = Number(
    e.status ??
      e.statusCode ??
      response?.status ??
      response?.statusCode ??
      e.code,
  );
  // jira.js wraps axios's error in an HttpException whose `response` is the
  // body; the answer's headers stay on the axios error, its `cause`.
  const headers: Headers | undefined =
    response?.headers ??
    e.headers ??
    e.data?.headers ??
    e.cause?.response?.headers;
  if (Number.isInteger(status) && status >= 400 && status < 600) {
    const retryable = !isFinalHttpStatus(status);
    return {
      retryable,
      retryAfterMs: retryable
        ? retryAfterFrom(headers, nowMs, status)
        : undefined,
      message,
    };
  }
  // @slack/web-api: rate limits and HTTP errors have codes of their own.
  if (e.code === 'slack_webapi_rate_limited_error') {
    return {
      retryable: true,
      retryAfterMs:
        typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined,
      message,
    };
  }
  if (
    e.code === 'slack_webapi_http_error' ||
    e.code === 'slack_webapi_request_error'
  ) {
    return { retryable: true, message };
  }
  const code = String(e.code ?? e.cause?.code ?? '');
  if (
    NETWORK_CODES.has(code) ||
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    /socket hang up|timed? ?out/i.test(message)
  ) {
    return { retryable: true, message };
  }
  return { retryable: false, message };
}
