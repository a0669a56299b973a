import { CustomErrorBase, ServiceUnavailableError } from '@backstage/errors';

// How the Okta provider tells a refusal for good (the request fails with a
// reason for admins) from a failure worth retrying (thrown on, for the job
// runner's backoff).

/** Okta accepted a change that a read does not show yet: worth another try. */
export class ChangeNotVisibleError extends ServiceUnavailableError {
  // The job runner classifies errors by HTTP status.
  readonly status = 503;
}

/**
 * Okta refused a call in a way no retry fixes (bad credentials, missing
 * permission, a group or app that does not exist): the request fails with
 * `reason`, for an admin to fix and retry.
 */
export class OktaRefusal extends CustomErrorBase {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'OktaRefusal';
    this.reason = reason;
  }
}

/** Statuses no retry fixes; 429, 5xx and network errors are thrown on. */
const FINAL_STATUSES = new Set([400, 401, 403, 404]);

export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Turns a final Okta refusal of `what` into an {@link OktaRefusal}. */
export async function refusalOf<T>(
  what: string,
  fix: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = httpStatus(error);
    if (status === undefined || !FINAL_STATUSES.has(status)) throw error;
    const said = (error as Error).message;
    throw new OktaRefusal(
      status === 401
        ? `Okta refused the connector's credentials while trying to ${what} (${said}); fix connectors.okta, then retry`
        : `Okta refused to ${what} (${said}); ${fix}, then retry`,
    );
  }
}

export async function first<T>(
  collection: Promise<AsyncIterable<T | null>>,
  predicate: (item: T) => boolean,
): Promise<T | undefined> {
  for await (const item of await collection) {
    if (item && predicate(item)) return item;
  }
  return undefined;
}
