import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Answers at a click's response_url, only when it points at Slack (or the
 * host behind `apiUrl`): a signed payload comes from Slack, but the module
 * never POSTs to just any URL. Failures are logged, never thrown.
 */
export function responder(options: {
  origins: Set<string>;
  logger: LoggerService;
}) {
  const { origins, logger } = options;
  async function respond(responseUrl: string | undefined, content: object) {
    if (!responseUrl) return;
    let origin: string;
    try {
      origin = new URL(responseUrl).origin;
    } catch {
      return;
    }
    if (!origins.has(origin)) {
      logger.warn(`Not answering a Slack click at ${origin}: not Slack`);
      return;
    }
    try {
      const res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(content),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) {
        logger.warn(`Slack refused a click's response: ${res.status}`);
      }
    } catch (error) {
      logger.warn(`Could not answer a Slack click: ${error}`);
    }
  }
  return {
    respond,
    /** Tells the clicker alone, in an ephemeral message. */
    tell: (responseUrl: string | undefined, text: string) =>
      respond(responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        text,
      }),
  };
}
