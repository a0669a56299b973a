import { CustomErrorBase } from '@backstage/errors';
import { isFinalHttpStatus } from '@internal/durable-jobs';

/**
 * A failed call to Jira Service Management, with the HTTP status and
 * headers (Retry-After) the job runner needs to decide on a retry. jira.js
 * keeps the status but not the headers, and its error's cause is the axios
 * error, whose config holds the Authorization header: that cause is not kept,
 * so that no log or stored job error can carry the API token.
 */
export class JsmApiError extends CustomErrorBase {
  name = 'JsmApiError' as const;

  constructor(
    message: string,
    readonly status: number,
    readonly headers: Record<string, string>,
  ) {
    super(message);
  }

  /** Whether no retry can fix it: a 4xx other than 408 and 429. */
  get final(): boolean {
    return isFinalHttpStatus(this.status);
  }
}

/**
 * Makes a jira.js failure a {@link JsmApiError} saying what was being done
 * and what JSM answered. Errors without an HTTP answer (network, timeouts)
 * are returned as they are: their codes already mark them as retryable.
 */
export function jsmError(error: unknown, doing: string): unknown {
  const e = error as {
    status?: unknown;
    message?: string;
    response?: { data?: any };
    cause?: { response?: { headers?: unknown } };
  };
  if (typeof e?.status !== 'number') return error;
  const data = e.response?.data;
  const said =
    data?.errorMessage ??
    (Array.isArray(data?.errorMessages) && data.errorMessages.length
      ? data.errorMessages.join('; ')
      : undefined) ??
    e.message;
  const raw = e.cause?.response?.headers as
    | { toJSON?: () => Record<string, unknown> }
    | Record<string, unknown>
    | undefined;
  const plain =
    (typeof raw?.toJSON === 'function'
      ? (raw.toJSON as () => Record<string, unknown>)()
      : (raw as Record<string, unknown>)) ?? {};
  const headers = Object.fromEntries(
    Object.entries(plain)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  return new JsmApiError(
    `${doing}: Jira Service Management answered ${e.status}: ${said}`,
    e.status,
    headers,
  );
}
