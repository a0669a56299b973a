import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Logger, LogLevel, WebClient } from '@slack/web-api';

/**
 * The Slack Web API client of `connectors.slack` (pass that config). It
 * never waits out a rate limit or retries by itself: the durable job that
 * made the call retries, after the Retry-After that Slack sent.
 *
 * @public
 */
export function createSlackClient(
  slack: Config,
  logger: LoggerService,
): WebClient {
  return new WebClient(slack.getString('botToken'), {
    slackApiUrl: slack.getOptionalString('apiUrl'),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A call that takes longer counts as failed, and its job retries it.
    timeout: (slack.getOptionalNumber('timeoutSeconds') ?? 10) * 1000,
    logger: toSlackLogger(logger),
  });
}

/**
 * The client's own logs go to the backend's logger. Its warnings are about
 * calls that failed, which the job runner already reports: debug level.
 */
function toSlackLogger(logger: LoggerService): Logger {
  const text = (msg: unknown[]) => msg.map(String).join(' ');
  return {
    debug: (...msg) => logger.debug(text(msg)),
    info: (...msg) => logger.debug(text(msg)),
    warn: (...msg) => logger.debug(text(msg)),
    error: (...msg) => logger.warn(text(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}
