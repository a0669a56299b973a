import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { withBodyErrors } from '@internal/openapi-router';
import { Refusal, refusalError } from '@internal/plugin-productiv-home-node';
import express from 'express';
import Router from 'express-promise-router';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ZendeskApiError } from './errors';
import { ZendeskTicketProvider } from './ZendeskTicketProvider';

const MAX_AGE_MS = 5 * 60 * 1000;

/** What to check when a delivery is refused, beside the audited reason. */
const ZENDESK_HINTS: Record<string, string> = {
  'bad signature':
    'X-Zendesk-Webhook-Signature is not the base64 HMAC-SHA256 of the timestamp and the body; check connectors.zendesk.webhookSigningSecret against the webhook in Zendesk',
  'stale delivery':
    'X-Zendesk-Webhook-Signature-Timestamp is more than 5 minutes away from now',
  'not JSON': 'the body must be the JSON of the trigger, {"ticket":{"id":…}}',
  'no ticket':
    'the body names no ticket: the trigger must send {"ticket":{"id":"{{ticket.id}}"}}',
  'replayed delivery': 'this delivery was already handled',
};

/**
 * The webhook of a Zendesk trigger on ticket status changes: accepted only
 * when `X-Zendesk-Webhook-Signature` is the base64 HMAC-SHA256 of
 * `X-Zendesk-Webhook-Signature-Timestamp` and the body with the signing
 * secret, the timestamp is within 5 minutes of now, and the same signature
 * was not seen before. The ticket's status is then read from Zendesk and
 * applied as a poll would. Refusals are audited and change nothing.
 */
export function createZendeskWebhookRouter(options: {
  secret: string;
  provider: ZendeskTicketProvider;
  auditor: AuditorService;
  logger: LoggerService;
  now?: () => number;
}): express.Router {
  const { provider, logger } = options;
  const router = Router();
  router.post(
    '/zendesk/webhook',
    withBodyErrors(express.raw({ type: () => true, limit: '1mb' })),
    async (req, res) => {
      const refuse = async (status: Refusal['status'], reason: string) => {
        const event = await options.auditor.createEvent({
          eventId: 'zendesk-webhook-refused',
          severityLevel: 'medium',
          request: req,
          meta: { reason },
        });
        await event.fail({ error: new Error(reason) });
        throw refusalError({ status, reason, hint: ZENDESK_HINTS[reason] });
      };
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const timestamp = String(
        req.headers['x-zendesk-webhook-signature-timestamp'] ?? '',
      );
      const given = Buffer.from(
        String(req.headers['x-zendesk-webhook-signature'] ?? ''),
      );
      const expected = Buffer.from(
        createHmac('sha256', options.secret)
          .update(timestamp)
          .update(raw)
          .digest('base64'),
      );
      if (
        !timestamp ||
        expected.length !== given.length ||
        !timingSafeEqual(expected, given)
      ) {
        return refuse(401, 'bad signature');
      }
      const now = (options.now ?? Date.now)();
      if (!(Math.abs(now - Date.parse(timestamp)) <= MAX_AGE_MS)) {
        return refuse(401, 'stale delivery');
      }
      let body: any;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(400, 'not JSON');
      }
      const ticketId = String(body?.ticket?.id ?? '');
      if (!/^\d{1,20}$/.test(ticketId)) return refuse(400, 'no ticket');

      const deliveryId = given.toString();
      if (!(await provider.deliveries.firstTime(deliveryId, now))) {
        return refuse(409, 'replayed delivery');
      }
      try {
        await provider.ticketChanged(ticketId);
      } catch (error) {
        if (error instanceof ZendeskApiError && error.final) {
          // Deleted, or the connector cannot read it: a retry cannot help.
          logger.warn(
            `A Zendesk webhook named ticket ${ticketId}, which could not be read: ${error.message}`,
          );
          res.status(204).end();
          return undefined;
        }
        // Not applied: forget it, so that a redelivery counts (polling
        // catches up otherwise).
        logger.warn(
          `The change of Zendesk ticket ${ticketId} could not be applied: ${error}`,
        );
        await provider.deliveries.forget(deliveryId);
        throw new ServiceUnavailableError(
          `The change of Zendesk ticket ${ticketId} could not be applied now; polling will catch up`,
        );
      }
      res.status(204).end();
      return undefined;
    },
  );
  return router;
}
