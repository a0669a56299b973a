import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import express from 'express';
import { TokenRefusal } from './EmailStore';
import { page, PAGE_HEADERS, text } from './pages';

/** A link that worked once and no longer does (410). */
export class GoneError extends CustomErrorBase {
  // On the prototype: Backstage's error middleware reads it, the body does not show it.
  get statusCode(): number {
    return 410;
  }
}

/** Why a link is refused: the store's reasons, or a form that does not match. */
export type LinkRefusal = TokenRefusal | 'mismatch';

const REFUSED: Record<LinkRefusal, () => Error> = {
  unknown: () => new NotFoundError('This link is not valid.'),
  used: () => new GoneError('This link has already been used.'),
  revoked: () =>
    new GoneError(
      'This link no longer works: the request was decided or moved on. Open it in the portal to see where it stands.',
    ),
  expired: () =>
    new GoneError(
      'This link has expired. Open the request in the portal to decide there.',
    ),
  mismatch: () =>
    new InputError(
      'This link cannot be used for that. Use the link from the e-mail for what you want to do.',
    ),
};

/** The error a refused link is answered with. */
export function refusalError(reason: LinkRefusal): Error {
  return REFUSED[reason]();
}

/** Nothing to decide any more: decided in the portal, cancelled, not this approver's turn. */
export function nothingToDecide(message: string): Error {
  return new ConflictError(message);
}

/** A failure that is not the user's, once the link works again; `what` names what was not recorded. */
export function tryAgain(what: string): Error {
  return new ServiceUnavailableError(
    `${what} could not be recorded just now. The link still works: try again in a moment.`,
  );
}

/** The page title and status of each error a link answers with. */
const PAGES: Record<string, { status: number; title: string }> = {
  InputError: { status: 400, title: 'Link not usable' },
  NotFoundError: { status: 404, title: 'Link not usable' },
  GoneError: { status: 410, title: 'Link not usable' },
  ConflictError: { status: 409, title: 'Nothing to decide' },
  PayloadTooLargeError: { status: 413, title: 'Link not usable' },
  ServiceUnavailableError: { status: 503, title: 'Please try again' },
};

/**
 * Answers the links' errors as a page to people (whose browsers ask for
 * HTML first) and leaves them to Backstage's error middleware otherwise, so
 * programs get `{error: {name, message}, request, response}` like on every
 * other route. Both say the same thing with the same status.
 */
export function linkErrorPages(): express.ErrorRequestHandler {
  return (error, req, res, next) => {
    const shown = PAGES[(error as Error)?.name];
    if (!shown || req.accepts(['json', 'html']) !== 'html') {
      next(error);
      return;
    }
    res
      .status(shown.status)
      .type('html')
      .set(PAGE_HEADERS)
      .send(page(shown.title, `<p>${text((error as Error).message)}</p>`));
  };
}
