import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { withBodyErrors } from '@internal/openapi-router';
import { ApprovalDecisions } from '@internal/plugin-productiv-home-node';
import express from 'express';
import Router from 'express-promise-router';
import { EmailTicketProvider } from './EmailChannels';
import { EmailStore, StoredToken } from './EmailStore';
import {
  LinkRefusal,
  linkErrorPages,
  nothingToDecide,
  refusalError,
  tryAgain,
} from './linkErrors';
import { confirmationForm, page, PAGE_HEADERS, text } from './pages';

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
 * issued for. Refusals are audited and change nothing. Errors are pages
 * for people and `{error: {name, message}, request, response}` for
 * programs (see linkErrorPages); src/schema/openapi.yaml declares them.
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
  // Never cached, indexed or framed, and no referrer: the URL holds the token.
  router.use('/email', (_req, res, next) => {
    res.set(PAGE_HEADERS);
    next();
  });
  router.use(
    '/email',
    withBodyErrors(express.urlencoded({ extended: false, limit: '16kb' })),
  );

  const html = (res: express.Response, status: number, body: string) =>
    res.status(status).type('html').send(body);
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

  /** Audits a refused link, then throws the error it is answered with. */
  const refuse = async (
    req: express.Request,
    reason: LinkRefusal,
    stored?: StoredToken,
  ): Promise<never> => {
    const error = refusalError(reason);
    const event = await auditor.createEvent({
      eventId: 'email-link-refused',
      severityLevel: req.method === 'POST' ? 'medium' : 'low',
      request: req,
      meta: { reason, method: req.method, path: route(req), ...about(stored) },
    });
    await event.fail({ error: new Error(error.message) });
    throw error;
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
    if (stored?.kind !== 'decide') return refuse(req, 'unknown');
    const refusal = EmailStore.refusal(stored, now());
    if (refusal) return refuse(req, refusal, stored);
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
    if (stored?.kind !== 'decide') return refuse(req, 'unknown');
    if (
      !formMatches(req, {
        requestId: stored.requestId,
        decision: stored.decision,
      })
    ) {
      return refuse(req, 'mismatch', stored);
    }
    const used = await store.use(token, now());
    if (!used.ok) return refuse(req, used.reason, stored);
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
        throw nothingToDecide((error as Error).message);
      }
      // Not the approver's fault: the link works again.
      await store.release(token);
      logger.error('Deciding from an e-mail link failed', {
        requestId,
        error: String(error),
      });
      throw tryAgain('Your decision');
    }
  });

  router.get('/email/done/:token', async (req, res) => {
    const stored = await store.peek(req.params.token);
    if (stored?.kind !== 'done') return refuse(req, 'unknown');
    const refusal = EmailStore.refusal(stored, now());
    if (refusal) return refuse(req, refusal, stored);
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
      return refuse(req, 'unknown', stored);
    }
    if (!formMatches(req, {})) return refuse(req, 'mismatch', stored);
    const used = await store.use(token, now());
    if (!used.ok) return refuse(req, used.reason, stored);
    try {
      await options.tickets.resolved(stored.externalId);
    } catch (error) {
      await store.release(token);
      logger.error('Marking an e-mail ticket done failed', {
        externalId: stored.externalId,
        error: String(error),
      });
      throw tryAgain('This');
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

  router.use('/email', linkErrorPages());
  return router;
}
