import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { ApprovalDecisions } from '@internal/plugin-productiv-home-node';
import express from 'express';
import Router from 'express-promise-router';
import { EmailTicketProvider } from './EmailChannels';
import { EmailStore, StoredToken, TokenRefusal } from './EmailStore';
import {
  confirmationForm,
  page,
  PAGE_HEADERS,
  text,
  tryAgainPage,
} from './pages';

type Refusal = TokenRefusal | 'mismatch';

const REFUSED: Record<Refusal, { status: number; message: string }> = {
  unknown: { status: 404, message: 'This link is not valid.' },
  used: { status: 410, message: 'This link has already been used.' },
  revoked: {
    status: 410,
    message:
      'This link no longer works: the request was decided or moved on. Open it in the portal to see where it stands.',
  },
  expired: {
    status: 410,
    message:
      'This link has expired. Open the request in the portal to decide there.',
  },
  mismatch: {
    status: 400,
    message:
      'This link cannot be used for that. Use the link from the e-mail for what you want to do.',
  },
};

/** Errors of the plugin that mean "nothing to decide", not "try again". */
const FINAL_ERRORS = new Set([
  'ConflictError',
  'NotAllowedError',
  'NotFoundError',
  'InputError',
]);

/**
 * The pages behind the e-mail links. The token is the credential: a GET
 * only shows what the link would do (mail scanners follow links); the
 * page's form POSTs the token back, and only that uses it, once. What the
 * form says it does (decision, request) must match what the token was
 * issued for. Refusals are audited and change nothing.
 */
export function createEmailRouter(options: {
  store: EmailStore;
  decisions?: () => ApprovalDecisions | undefined;
  tickets?: EmailTicketProvider;
  auditor: AuditorService;
  logger: LoggerService;
  now?: () => number;
}): express.Router {
  const { store, auditor, logger } = options;
  const now = () => (options.now ?? Date.now)();
  const router = Router();
  router.use('/email', express.urlencoded({ extended: false, limit: '16kb' }));

  const html = (res: express.Response, status: number, body: string) =>
    res.status(status).type('html').set(PAGE_HEADERS).send(body);
  /** The request path without its token, for audit records and logs. */
  const route = (req: express.Request) => req.path.replace(/[^/]+$/, ':token');
  const about = (stored?: StoredToken) =>
    stored?.kind === 'decide'
      ? {
          requestId: stored.requestId,
          level: stored.level,
          approver: stored.approver,
          decision: stored.decision,
        }
      : stored && { externalId: stored.externalId };

  const refuse = async (
    req: express.Request,
    res: express.Response,
    reason: Refusal,
    stored?: StoredToken,
  ) => {
    const event = await auditor.createEvent({
      eventId: 'email-link-refused',
      severityLevel: req.method === 'POST' ? 'medium' : 'low',
      request: req,
      meta: { reason, method: req.method, path: route(req), ...about(stored) },
    });
    await event.fail({ error: new Error(REFUSED[reason].message) });
    html(
      res,
      REFUSED[reason].status,
      page('Link not usable', `<p>${text(REFUSED[reason].message)}</p>`),
    );
  };

  /** Checks the hidden fields of a POSTed form against the token. */
  const formMatches = (
    req: express.Request,
    expected: Record<string, string>,
  ) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return Object.entries({ token: req.params.token, ...expected }).every(
      ([name, value]) => body[name] === undefined || body[name] === value,
    );
  };

  router.get('/email/decide/:token', async (req, res) => {
    const stored = await store.peek(req.params.token);
    if (stored?.kind !== 'decide') return refuse(req, res, 'unknown');
    const refusal = EmailStore.refusal(stored, now());
    if (refusal) return refuse(req, res, refusal, stored);
    const verb = stored.decision === 'approved' ? 'Approve' : 'Deny';
    return html(
      res,
      200,
      page(
        `${verb} this request?`,
        `<p>${text(
          stored.summary ??
            `Request ${stored.requestId}, level ${stored.level}`,
        )}.</p><p>Nothing is decided until you press ${verb}.</p>${confirmationForm(
          {
            token: req.params.token,
            fields: { requestId: stored.requestId, decision: stored.decision },
            comment: true,
            button: verb,
          },
        )}`,
      ),
    );
  });

  router.post('/email/decide/:token', async (req, res) => {
    const { token } = req.params;
    const stored = await store.peek(token);
    if (stored?.kind !== 'decide') return refuse(req, res, 'unknown');
    if (
      !formMatches(req, {
        requestId: stored.requestId,
        decision: stored.decision,
      })
    ) {
      return refuse(req, res, 'mismatch', stored);
    }
    const used = await store.use(token, now());
    if (!used.ok) return refuse(req, res, used.reason, stored);
    const { requestId, level, approver, decision } = stored;
    const siblings = { requestId, level, approver };
    const decisions = options.decisions?.();
    const rawComment = (req.body as Record<string, unknown> | undefined)
      ?.comment;
    const comment =
      typeof rawComment === 'string' && rawComment.trim()
        ? rawComment.trim().slice(0, 4000)
        : undefined;
    try {
      if (!decisions) throw new Error('Productiv Home is not started yet');
      const result = await decisions.decide({
        requestId,
        approverRef: approver,
        decision,
        comment,
        level,
        via: 'email',
      });
      // The other link of the pair, and older mails' links, die with it.
      await store.revokeDecisionLinks(siblings, now());
      const event = await auditor.createEvent({
        eventId: 'email-decision',
        severityLevel: 'medium',
        request: req,
        meta: about(stored),
      });
      await event.success({ meta: { status: result.status } });
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
      const final = isError(error) && FINAL_ERRORS.has(error.name);
      const event = await auditor.createEvent({
        eventId: 'email-decision',
        severityLevel: 'medium',
        request: req,
        meta: { ...about(stored), reason: final ? 'not-decidable' : 'error' },
      });
      await event.fail({
        error: isError(error) ? error : new Error(String(error)),
      });
      if (final) {
        // Decided meanwhile in the portal, cancelled, not this approver's
        // turn: nothing changes, and this e-mail's links are done.
        await store.revokeDecisionLinks(siblings, now());
        return html(
          res,
          409,
          page('Nothing to decide', `<p>${text((error as Error).message)}</p>`),
        );
      }
      // Not the approver's fault: the link works again.
      await store.release(token);
      logger.error('Deciding from an e-mail link failed', {
        requestId,
        error: String(error),
      });
      return html(res, 503, tryAgainPage('Your decision'));
    }
  });

  router.get('/email/done/:token', async (req, res) => {
    const stored = await store.peek(req.params.token);
    if (stored?.kind !== 'done') return refuse(req, res, 'unknown');
    const refusal = EmailStore.refusal(stored, now());
    if (refusal) return refuse(req, res, refusal, stored);
    return html(
      res,
      200,
      page(
        'Mark this access request done?',
        `<p>${text(
          stored.summary ?? 'An access request',
        )}.</p><p>Confirm once the access is granted; the requester is then told.</p>${confirmationForm(
          {
            token: req.params.token,
            fields: {},
            comment: false,
            button: 'Mark as done',
          },
        )}`,
      ),
    );
  });

  router.post('/email/done/:token', async (req, res) => {
    const { token } = req.params;
    const stored = await store.peek(token);
    if (stored?.kind !== 'done' || !options.tickets) {
      return refuse(req, res, 'unknown', stored);
    }
    if (!formMatches(req, {})) return refuse(req, res, 'mismatch', stored);
    const used = await store.use(token, now());
    if (!used.ok) return refuse(req, res, used.reason, stored);
    try {
      await options.tickets.resolved(stored.externalId);
    } catch (error) {
      await store.release(token);
      logger.error('Marking an e-mail ticket done failed', {
        externalId: stored.externalId,
        error: String(error),
      });
      return html(res, 503, tryAgainPage('This'));
    }
    await store.revokeDoneLinks(stored.externalId, now());
    const event = await auditor.createEvent({
      eventId: 'email-ticket-done',
      severityLevel: 'medium',
      request: req,
      meta: about(stored),
    });
    await event.success();
    return html(res, 200, page('Done', '<p>The requester has been told.</p>'));
  });

  return router;
}
