import { AuditorService } from '@backstage/backend-plugin-api';
import { ApprovalDecisions } from '@internal/plugin-productiv-home-node';
import express from 'express';
import Router from 'express-promise-router';
import { EmailTicketProvider } from './EmailChannels';
import { EmailStore } from './EmailStore';
import { page, text } from './pages';

const REFUSED: Record<'unknown' | 'used' | 'expired', string> = {
  unknown: 'This link is not valid.',
  used: 'This link has already been used.',
  expired:
    'This link has expired. Open the request in the portal to decide there.',
};

/**
 * The pages behind the e-mail links. The token is the credential: a GET
 * only shows what the link would do (mail scanners follow links); the
 * page's POST uses the token once. Refusals are audited.
 */
export function createEmailRouter(options: {
  store: EmailStore;
  decisions?: () => ApprovalDecisions | undefined;
  tickets?: EmailTicketProvider;
  auditor: AuditorService;
  now?: () => number;
}): express.Router {
  const { store, auditor } = options;
  const now = () => (options.now ?? Date.now)();
  const router = Router();
  router.use('/email', express.urlencoded({ extended: false, limit: '16kb' }));
  const html = (res: express.Response, status: number, body: string) =>
    res
      .status(status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(body);

  const refuse = async (
    req: express.Request,
    res: express.Response,
    reason: 'unknown' | 'used' | 'expired',
  ) => {
    const event = await auditor.createEvent({
      eventId: 'email-link-refused',
      severityLevel: 'medium',
      request: req,
      meta: { reason, path: req.path.replace(/[^/]+$/, ':token') },
    });
    await event.fail({ error: new Error(REFUSED[reason]) });
    html(
      res,
      reason === 'unknown' ? 404 : 410,
      page('Link not usable', `<p>${REFUSED[reason]}</p>`),
    );
  };

  router.get('/email/decide/:token', async (req, res) => {
    const stored = await store.peek(req.params.token);
    if (!stored || stored.kind !== 'decide') return refuse(req, res, 'unknown');
    if (stored.usedAtMs !== undefined) return refuse(req, res, 'used');
    if (stored.expiresAtMs <= now()) return refuse(req, res, 'expired');
    const verb = stored.decision === 'approved' ? 'Approve' : 'Deny';
    return html(
      res,
      200,
      page(
        `${verb} this request?`,
        `<p>Request ${text(stored.requestId)}, level ${stored.level}.</p>
<form method="post"><p><label>Comment (optional)<br><textarea name="comment" rows="3" cols="40" maxlength="4000"></textarea></label></p>
<p><button type="submit">${verb}</button></p></form>`,
      ),
    );
  });

  router.post('/email/decide/:token', async (req, res) => {
    const decisions = options.decisions?.();
    const used = await store.use(req.params.token, now());
    if (!used.ok) return refuse(req, res, used.reason);
    if (used.purpose.kind !== 'decide' || !decisions) {
      return refuse(req, res, 'unknown');
    }
    const { requestId, approver, decision } = used.purpose;
    const comment =
      typeof req.body?.comment === 'string' && req.body.comment.trim()
        ? req.body.comment.trim().slice(0, 4000)
        : undefined;
    try {
      const result = await decisions.decide({
        requestId,
        approverRef: approver,
        decision,
        comment,
        via: 'email',
      });
      return html(
        res,
        200,
        page(
          decision === 'approved' ? 'Approved' : 'Denied',
          `<p>Thank you. The request is now ${text(
            result.status.replace('_', ' '),
          )}.</p>`,
        ),
      );
    } catch (error) {
      // E.g. decided meanwhile in the portal or cancelled: nothing changes.
      return html(
        res,
        409,
        page('Nothing to decide', `<p>${text((error as Error).message)}</p>`),
      );
    }
  });

  router.get('/email/done/:token', async (req, res) => {
    const stored = await store.peek(req.params.token);
    if (!stored || stored.kind !== 'done') return refuse(req, res, 'unknown');
    if (stored.usedAtMs !== undefined) return refuse(req, res, 'used');
    return html(
      res,
      200,
      page(
        'Mark this access request done?',
        `<p>Confirm once the access is granted.</p><form method="post"><button type="submit">Mark as done</button></form>`,
      ),
    );
  });

  router.post('/email/done/:token', async (req, res) => {
    const used = await store.use(req.params.token, now());
    if (!used.ok) return refuse(req, res, used.reason);
    if (used.purpose.kind !== 'done' || !options.tickets) {
      return refuse(req, res, 'unknown');
    }
    await options.tickets.resolved(used.purpose.externalId);
    return html(res, 200, page('Done', '<p>The requester has been told.</p>'));
  });

  return router;
}
