import { CustomErrorBase } from '@backstage/errors';
import { isFinalHttpStatus } from '@internal/durable-jobs';

/**
 * A failed call to Zendesk, with the HTTP status and headers (Retry-After)
 * the job runner needs to decide on a retry.
 */
export class ZendeskApiError extends CustomErrorBase {
  name = 'ZendeskApiError' as const;

  constructor(
    message: string,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** Whether no retry can fix it: a 4xx other than 408 and 429. */
  get final(): boolean {
    return isFinalHttpStatus(this.status);
  }
}

/** Zendesk's own words about a failure: `error`, `description`, `details`. */
function saidBy(result: any): string | undefined {
  if (!result || typeof result !== 'object' || result instanceof Error) {
    return undefined;
  }
  const details =
    result.details && typeof result.details === 'object'
      ? Object.entries(result.details as Record<string, unknown>)
          .flatMap(([field, problems]) =>
            (Array.isArray(problems) ? problems : [problems]).map(
              p => `${field}: ${(p as any)?.description ?? String(p)}`,
            ),
          )
          .join('; ')
      : '';
  const description =
    typeof result.description === 'string' ? result.description : '';
  const error = typeof result.error === 'string' ? result.error : '';
  return [error, description, details].filter(Boolean).join(': ') || undefined;
}

/**
 * Makes a node-zendesk failure a {@link ZendeskApiError} saying what was
 * being done and what Zendesk answered. With `throwOriginalException`,
 * node-zendesk throws errors carrying `statusCode` and the parsed body in
 * `result`. Errors without an HTTP answer (network, timeouts) are returned
 * as they are: their codes already mark them as retryable.
 */
export function zendeskError(error: unknown, doing: string): unknown {
  if (error instanceof ZendeskApiError) return error;
  const e = error as {
    statusCode?: unknown;
    result?: unknown;
    message?: string;
  };
  if (typeof e?.statusCode !== 'number') return error;
  return new ZendeskApiError(
    `${doing}: Zendesk answered ${e.statusCode}: ${
      saidBy(e.result) ?? e.message
    }`,
    e.statusCode,
  );
}

/**
 * node-zendesk resolves some failures instead of throwing them: a 429 (or
 * any answer) with a Retry-After header comes back as
 * `{ response: { status: 429 }, result: Error }`, and statuses missing from
 * its table (502, 504...) come back as plain results. Make every failed
 * answer an error, so the job runner retries it (after Retry-After) rather
 * than taking it for success.
 */
export function checked<T>(
  answer: { response?: { status?: number; headers?: any }; result: T },
  doing: string,
): T {
  const status = answer.response?.status;
  if (
    (status !== undefined && status >= 400) ||
    answer.result instanceof Error
  ) {
    const headers = answer.response?.headers;
    const retryAfter =
      typeof headers?.get === 'function'
        ? headers.get('retry-after')
        : headers?.['retry-after'];
    const code = status ?? 429;
    throw new ZendeskApiError(
      `${doing}: Zendesk answered ${code}${
        code === 429 ? ': rate limit exceeded' : ''
      }`,
      code,
      retryAfter ? { 'retry-after': String(retryAfter) } : {},
    );
  }
  return answer.result;
}
