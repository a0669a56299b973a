import { AuditorService } from '@backstage/backend-plugin-api';
import { withBodyErrors } from '@internal/openapi-router';
import express from 'express';
import Router from 'express-promise-router';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Refusal, refusalError } from '@internal/plugin-productiv-home-node';
import { JsmTicketProvider, statusOf } from './JsmTicketProvider';

const MAX_AGE_MS = 5 * 60 * 1000;

/** What to check when a delivery is refused, beside the audited reason. */
const JSM_HINTS: Record<string, string> = {
  'bad signature':
    'X-Hub-Signature is not the HMAC-SHA256 of the body; check connectors.jiraServiceManagement.webhookSecret',
  'not JSON': 'the body must be the JSON of a jira:issue_updated event',
  'stale delivery': 'the event is more than 5 minutes old',
  'replayed delivery': 'this delivery was already handled',
};

/**
 * The `jira:issue_updated` webhook: accepted only when `X-Hub-Signature`
 * is the HMAC-SHA256 of the body with the webhook secret, the event is less
 * than 5 minutes old and not delivered before. Refusals are audited.
 */
export function createWebhookRouter(options: {
  secret: string;
  provider: JsmTicketProvider;
  auditor: AuditorService;
  now?: () => number;
}): express.Router {
  const router = Router();
  router.post(
    '/jira-service-management/webhook',
    withBodyErrors(express.raw({ type: () => true, limit: '1mb' })),
    async (req, res) => {
      const refuse = async (status: Refusal['status'], reason: string) => {
        const event = await options.auditor.createEvent({
          eventId: 'jsm-webhook-refused',
          severityLevel: 'medium',
          request: req,
          meta: { reason },
        });
        await event.fail({ error: new Error(reason) });
        throw refusalError({ status, reason, hint: JSM_HINTS[reason] });
      };
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', options.secret)
          .update(raw)
          .digest('hex')}`,
      );
      const given = Buffer.from(String(req.headers['x-hub-signature'] ?? ''));
      if (
        expected.length !== given.length ||
        !timingSafeEqual(expected, given)
      ) {
        return refuse(401, 'bad signature');
      }
      let event: any;
      try {
        event = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(400, 'not JSON');
      }
      const now = (options.now ?? Date.now)();
      if (!(Math.abs(now - Number(event.timestamp)) <= MAX_AGE_MS)) {
        return refuse(401, 'stale delivery');
      }
      const statusChange = event.changelog?.items?.some(
        (i: { field?: string }) => i.field === 'status',
      );
      if (
        event.webhookEvent !== 'jira:issue_updated' ||
        !statusChange ||
        typeof event.issue?.key !== 'string'
      ) {
        res.status(204).end();
        return undefined;
      }
      const status = event.issue?.fields?.status;
      const update = statusOf(status?.name, status?.statusCategory?.key);
      // The delivery is named from the signed body, not from a header such
      // as X-Atlassian-Webhook-Identifier that a replayer could change.
      const fresh = await options.provider.delivered(
        `${event.issue.key}:${event.changelog.id}:${event.timestamp}`,
        { externalId: event.issue.key, ...update },
      );
      if (!fresh) return refuse(409, 'replayed delivery');
      res.status(204).end();
      return undefined;
    },
  );
  return router;
}
