import { CustomErrorBase, InputError } from '@backstage/errors';
import express from 'express';

// The statuses are getters on the prototype: Backstage's error middleware
// reads them, and the error body (own fields only) does not show them.

/** A body larger than the route accepts (413). */
export class PayloadTooLargeError extends CustomErrorBase {
  get statusCode(): number {
    return 413;
  }
}

/** A body in an encoding or charset the route cannot read (415). */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  get statusCode(): number {
    return 415;
  }
}

/** What the body parsers of express (body-parser, raw-body) throw. */
type BodyParserError = Error & {
  type?: string;
  status?: number;
  length?: number;
  limit?: number;
};

/**
 * The error to answer for a body parser's failure. Their own errors carry
 * enumerable fields (`limit`, `length`, `type`, and for bad JSON the
 * `body` itself) that would show up in the `{error: {name, message}}`
 * body; these carry a name and a message that says what to change.
 */
export function bodyParserError(error: BodyParserError): Error {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `The request body is ${error.length ?? 'over'} bytes; at most ${
          error.limit
        } bytes are accepted`,
      );
    case 'entity.parse.failed':
      return new InputError(
        `The request body is not valid JSON: ${error.message}`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(error.message);
    default:
      if (typeof error.status === 'number' && error.status < 500) {
        return new InputError(
          `The request body could not be read: ${error.message}`,
        );
      }
      return error;
  }
}

/**
 * A body parser (`express.json()`, `express.raw()`, `express.urlencoded()`)
 * whose failures are answered as `{error: {name, message}, request,
 * response}` like every other error: 413 for a body over the limit, 400
 * for JSON that does not parse.
 */
export function withBodyErrors(
  parser: express.RequestHandler,
): express.RequestHandler {
  return (req, res, next) =>
    parser(req, res, (error?: unknown) =>
      next(error ? bodyParserError(error as BodyParserError) : undefined),
    );
}
