import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';

/**
 * The SMTP transport of `connectors.email` (pass that config). Its timeouts
 * end well within a durable job's 30-second call (nodemailer's defaults
 * reach 10 minutes), so an abandoned send never lands after its retry.
 *
 * @public
 */
export function createMailTransport(email: Config): Transporter {
  const smtp = email.getConfig('smtp');
  const username = smtp.getOptionalString('username');
  return nodemailer.createTransport({
    host: smtp.getString('host'),
    port: smtp.getNumber('port'),
    secure: smtp.getOptionalBoolean('secure') ?? false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
    auth: username
      ? { user: username, pass: smtp.getOptionalString('password') }
      : undefined,
  });
}

/**
 * A mail the server did not take, with the HTTP-like `status` that durable
 * jobs read: 503 when it may take it later (a 4xx reply, a connection or
 * timeout problem: retried with backoff), 422 when it refused it for good
 * (a 5xx reply, bad credentials: not retried).
 *
 * @public
 */
export class MailNotSent extends CustomErrorBase {
  constructor(
    readonly status: 503 | 422,
    /** The server's reply (`451 4.3.0 …`) or the connection error. */
    readonly reply: string,
  ) {
    super(
      `${
        status === 503
          ? 'The mail server is unavailable for now'
          : 'The mail server refused the mail'
      }: ${reply}`,
    );
  }
}

const CONNECTION_TROUBLE = [
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
];

/**
 * Reads a nodemailer failure as {@link MailNotSent} (retryable or final);
 * anything else is returned as it is.
 *
 * @public
 */
export function mailFailure(error: unknown): unknown {
  const { code, responseCode, response, message } = (error ?? {}) as {
    code?: string;
    responseCode?: unknown;
    response?: string;
    message?: string;
  };
  const reply = response ?? message ?? String(error);
  const rc = typeof responseCode === 'number' ? responseCode : 0;
  if (rc >= 400 && rc < 500) return new MailNotSent(503, reply);
  if (!rc && code && CONNECTION_TROUBLE.includes(code)) {
    return new MailNotSent(503, reply);
  }
  if (rc >= 500 || code === 'EAUTH' || code === 'EENVELOPE') {
    return new MailNotSent(422, reply);
  }
  return error;
}

/**
 * The Message-ID of the mail sent for an idempotency key: the same on every
 * retry, so mail systems drop a second copy of a mail whose acceptance was
 * not recorded.
 *
 * @public
 */
export function stableMessageId(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';
  const id = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `<${id}@${domain}>`;
}
