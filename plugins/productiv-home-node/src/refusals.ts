import {
  AuthenticationError,
  ConflictError,
  InputError,
} from '@backstage/errors';

/** Why a webhook-style route (Slack clicks, ticket webhooks) refuses a call. */
export type Refusal = {
  /** 400: unreadable, 401: not proven to come from the system, 409: seen before. */
  status: 400 | 401 | 409;
  /** A short reason, as audited: 'bad signature', 'replayed click'. */
  reason: string;
  /** What the caller (or whoever configures it) can do about it. */
  hint?: string;
};

/**
 * The error a refused webhook call is answered with, so that it gets the
 * same `{error: {name, message}, request, response}` body as every other
 * route, from Backstage's error middleware.
 *
 * @public
 */
export function refusalError(refusal: Refusal): Error {
  const message = refusal.hint
    ? `${refusal.reason}: ${refusal.hint}`
    : refusal.reason;
  switch (refusal.status) {
    case 401:
      return new AuthenticationError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new InputError(message);
  }
}
