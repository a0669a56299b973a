import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  CustomErrorBase,
  InputError,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  escapeHtml,
  LINK_PAGE_HEADERS,
  linkPage,
  postBackForm,
} from '@internal/email-connector';
import { withBodyErrors } from '@internal/openapi-router';
import { WarningKeeps } from '@internal/plugin-provisioning-workflows-node';
import express from 'express';
import Router from 'express-promise-router';
import { KeepLink, KeepLinkStore, LinkRefusal } from './KeepLinkStore';

/** A link that worked once, or expired (410). */
class GoneError extends CustomErrorBase {
  get statusCode(): number {
    return 410;
  }
}

const REFUSED: Record<LinkRefusal | 'mismatch', () => Error> = {
  unknown: () => new NotFoundError('This link is not valid.'),
  used: () => new GoneError('This link has already been used.'),
  expired: () =>
    new GoneError(
      'This link has expired: the change was due. Open your warnings in the portal to see what happened.',
    ),
  mismatch: () =>
    new InputError(
      'This link cannot be used for that. Use the link from the e-mail.',
    ),
};

/** The errors with which the plugin refuses a Keep: nothing changes. */
const FINAL = new Set(['NotFoundError', 'NotAllowedError', 'ConflictError']);

/**
 * The page behind the Keep link of a warning mail. The token is the
 * credential: a GET only shows what the link does (mail scanners follow
 * links); its form POSTs the token back, and only that uses it, once, for
 * the person and action it was issued for, until the deadline. Refusals
 * are audited and change nothing. People get pages, programs Backstage's
 * error body, with the same status.
 */
export function createKeepRouter(options: {
  store: KeepLinkStore;
  keeps: () => WarningKeeps | undefined;
  auditor: AuditorService;
  logger: LoggerService;
  now?: () => number;
}): express.Router {
  const { store, auditor, logger } = options;
  const now = () => (options.now ?? Date.now)();
  const router = Router();
  router.use('/email/keep', (_req, res, next) => {
    res.set(LINK_PAGE_HEADERS);
    next();
  });
  router.use(
    '/email/keep',
    withBodyErrors(express.urlencoded({ extended: false, limit: '16kb' })),
  );
  const page = (res: express.Response, title: string, body: string) =>
    res.status(200).type('html').send(linkPage(title, body));

  const audit = async (
    req: express.Request,
    link: KeepLink | undefined,
    outcome: { refused: string } | { status: string },
  ) => {
    const refused = 'refused' in outcome;
    const event = await auditor.createEvent({
      eventId: refused ? 'email-keep-refused' : 'email-keep',
      severityLevel: req.method === 'POST' ? 'medium' : 'low',
      request: req,
      meta: {
        method: req.method,
        ...(link ? { actionId: link.actionId, person: link.personRef } : {}),
        ...outcome,
      },
    });
    if (refused) await event.fail({ error: new Error(outcome.refused) });
    else await event.success();
  };
  const refuse = async (
    req: express.Request,
    reason: LinkRefusal | 'mismatch',
    link?: KeepLink,
  ): Promise<never> => {
    await audit(req, link, { refused: reason });
    throw REFUSED[reason]();
  };

  router.get('/email/keep/:token', async (req, res) => {
    const link = await store.peek(req.params.token);
    const refusal = KeepLinkStore.refusal(link, now());
    if (refusal) return refuse(req, refusal, link);
    return page(
      res,
      'Keep your license?',
      `<p>Your license stays as it is, and this workflow will not change it again for 90 days.</p><p>Nothing happens until you press Keep my license.</p>${postBackForm(
        { token: req.params.token, actionId: link!.actionId },
        'Keep my license',
      )}`,
    );
  });

  router.post('/email/keep/:token', async (req, res) => {
    const { token } = req.params;
    const link = await store.peek(token);
    const refusal = KeepLinkStore.refusal(link, now());
    if (refusal) return refuse(req, refusal, link);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (
      (body.token !== undefined && body.token !== token) ||
      (body.actionId !== undefined && body.actionId !== link!.actionId)
    ) {
      return refuse(req, 'mismatch', link);
    }
    if (!(await store.use(token, now()))) return refuse(req, 'used', link);
    try {
      const keeps = options.keeps();
      if (!keeps) throw new Error('Provisioning workflows are not started yet');
      const { status } = await keeps.keep({
        actionId: link!.actionId,
        personRef: link!.personRef,
        via: 'email',
      });
      await audit(req, link, { status });
      return page(
        res,
        'License kept',
        `<p>${
          status === 'kept'
            ? 'Thank you. Your license stays as it is.'
            : 'You had already kept this license. It stays as it is.'
        }</p>`,
      );
    } catch (error) {
      const final = isError(error) && FINAL.has(error.name);
      await audit(req, link, {
        refused: final ? (error as Error).message : `keep failed: ${error}`,
      });
      if (final) throw new ConflictError((error as Error).message);
      // Not the person's fault: the link works again.
      await store.release(token);
      logger.error('Keeping a license from an e-mail link failed', {
        actionId: link!.actionId,
        error: String(error),
      });
      throw new ServiceUnavailableError(
        'Your license could not be kept just now. The link still works: try again in a moment.',
      );
    }
  });

  // People's browsers ask for HTML first: they get a page; programs the JSON error.
  router.use('/email/keep', ((error, req, res, next) => {
    const status = (
      {
        NotFoundError: 404,
        GoneError: 410,
        InputError: 400,
        ConflictError: 409,
        PayloadTooLargeError: 413,
        ServiceUnavailableError: 503,
      } as Record<string, number>
    )[(error as Error)?.name];
    if (!status || req.accepts(['json', 'html']) !== 'html') {
      next(error);
      return;
    }
    res
      .status(status)
      .type('html')
      .send(
        linkPage(
          status === 409 ? 'Nothing to keep' : 'Link not usable',
          `<p>${escapeHtml((error as Error).message)}</p>`,
        ),
      );
  }) as express.ErrorRequestHandler);
  return router;
}
