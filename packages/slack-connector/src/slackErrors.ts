import {
  AuthenticationError,
  ForwardedError,
  NotFoundError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ErrorCode } from '@slack/web-api';

/**
 * Slack answers some passing trouble with HTTP 200 and `ok: false`; these
 * are worth another try.
 */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

const BAD_TOKEN = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'ekm_access_denied',
]);

/**
 * Turns a @slack/web-api error into one the job runner and an admin can act
 * on. HTTP errors (429, 5xx), rate limits and network errors pass through
 * unchanged, keeping their status and Retry-After. Platform errors (`ok:
 * false`) get a reason that says what to fix; the passing ones carry status
 * 503 so that they are retried. Final ones carry no status.
 *
 * @public
 */
export function explainSlackError(error: unknown, doing: string): unknown {
  const e = error as {
    code?: string;
    data?: { error?: string; needed?: string };
  };
  if (e?.code !== ErrorCode.PlatformError) return error;
  const slackError = e.data?.error ?? 'unknown_error';
  const cause = error as Error;
  if (TRANSIENT.has(slackError)) {
    return Object.assign(
      new ServiceUnavailableError(
        `Slack could not ${doing} for now (${slackError})`,
        cause,
      ),
      { statusCode: 503 },
    );
  }
  if (BAD_TOKEN.has(slackError)) {
    return new AuthenticationError(
      `Slack refused the bot token while trying to ${doing} (${slackError}): check connectors.slack.botToken`,
      cause,
    );
  }
  if (slackError === 'missing_scope') {
    return new NotAllowedError(
      `The Slack app lacks the scope ${
        e.data?.needed ?? '(unknown)'
      } to ${doing}: add it to the bot token and reinstall the app`,
      cause,
    );
  }
  if (
    slackError === 'channel_not_found' ||
    slackError === 'not_in_channel' ||
    slackError === 'is_archived'
  ) {
    return new NotFoundError(
      `Slack could not ${doing} (${slackError}): check the channel, and that the bot is a member of it`,
      cause,
    );
  }
  return new ForwardedError(`Slack could not ${doing}`, cause);
}

/**
 * True for a platform error (`ok: false`) with this Slack error code.
 *
 * @public
 */
export function isSlackError(error: unknown, slackError: string): boolean {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === ErrorCode.PlatformError && e.data?.error === slackError;
}
