import { Config } from '@backstage/config';
import { CustomErrorBase, InputError } from '@backstage/errors';
import { createHash, createPrivateKey } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { EmailStore } from './EmailStore';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A reply in the thread of an earlier mail (its Message-ID). */
  inReplyTo?: string;
  references?: string;
};

/**
 * An SMTP failure, with an HTTP-like `status` that the job runner reads the
 * same way as the other connectors' errors: 503 when the mail server may
 * accept the mail later (a 4xx reply, a connection or timeout problem), so
 * the job is retried with backoff; 422 when it refused it for good (a 5xx
 * reply such as an unknown recipient or bad credentials), so it is not.
 */
export class SmtpError extends CustomErrorBase {
  constructor(
    message: string,
    readonly status: 503 | 422,
    /** The server's reply (e.g. `550 5.1.1 No such user`) or the connection error. */
    readonly reply: string,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode: number | undefined,
  ) {
    super(`${message}: ${reply}`);
  }

  get retryable() {
    return this.status === 503;
  }
}

// nodemailer's codes for connection-level failures (no SMTP reply).
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
]);

/** Turns a nodemailer failure into an {@link SmtpError}, or returns it as is. */
export function toSmtpError(error: unknown): unknown {
  const e = (error ?? {}) as {
    code?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const reply = e.response ?? e.message ?? String(error);
  const rc = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if ((rc && rc >= 400 && rc < 500) || (!rc && TRANSIENT_CODES.has(e.code!))) {
    return new SmtpError(
      'The mail server is unavailable for now',
      503,
      reply,
      rc,
    );
  }
  if ((rc && rc >= 500) || e.code === 'EAUTH' || e.code === 'EENVELOPE') {
    return new SmtpError('The mail server refused the mail', 422, reply, rc);
  }
  return error;
}

/**
 * Sends e-mail over SMTP (optionally DKIM-signed), once per idempotency
 * key: the Message-ID is derived from the key and what was sent is recorded,
 * so a retried job does not send again. If the process dies between the
 * server accepting a mail and the record, the retry resends it with the same
 * Message-ID, which mail systems use to drop duplicates.
 */
export class EmailSender {
  static fromConfig(config: Config, store: EmailStore): EmailSender {
    const email = config.getConfig('connectors.email');
    const smtp = email.getConfig('smtp');
    const dkim = email.getOptionalConfig('dkim');
    const username = smtp.getOptionalString('username');
    const privateKey = dkim?.getString('privateKey');
    if (privateKey) {
      // A bad key would otherwise fail every mail, one retry after another.
      try {
        createPrivateKey(privateKey);
      } catch (error) {
        throw new InputError(
          'connectors.email.dkim.privateKey is not a PEM private key',
          error,
        );
      }
    }
    const transport = nodemailer.createTransport({
      host: smtp.getString('host'),
      port: smtp.getNumber('port'),
      secure: smtp.getOptionalBoolean('secure') ?? false,
      // Give up well within the job runner's 30-second call timeout (the
      // defaults go up to 10 minutes), so that an abandoned send does not
      // land after its retry.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 15_000,
      auth: username
        ? { user: username, pass: smtp.getOptionalString('password') }
        : undefined,
      dkim: dkim
        ? {
            domainName: dkim.getString('domainName'),
            keySelector: dkim.getString('keySelector'),
            privateKey: privateKey!,
          }
        : undefined,
    });
    return new EmailSender(transport, email.getString('from'), store);
  }

  constructor(
    private readonly transport: Transporter,
    readonly from: string,
    private readonly store: EmailStore,
  ) {}

  /** The Message-ID of the mail for `key`: the same on every retry. */
  messageIdFor(key: string): string {
    const domain =
      this.from.replace(/.*@/, '').replace(/>.*/, '').trim() || 'localhost';
    return `<${createHash('sha256')
      .update(key)
      .digest('hex')
      .slice(0, 32)}@${domain}>`;
  }

  /** Whether a mail was already sent for `key`; returns its Message-ID. */
  sentFor(key: string): Promise<string | undefined> {
    return this.store.sentFor(key);
  }

  /**
   * Sends unless already sent for `key`; returns the Message-ID. Throws an
   * {@link SmtpError} when the mail server does not take it.
   */
  async send(key: string, mail: Mail): Promise<string> {
    const already = await this.store.sentFor(key);
    if (already) return already;
    const messageId = this.messageIdFor(key);
    try {
      await this.transport.sendMail({ from: this.from, messageId, ...mail });
    } catch (error) {
      throw toSmtpError(error);
    }
    await this.store.recordSent(key, messageId);
    return messageId;
  }

  /** Connects and logs in to the SMTP server (nodemailer `verify`). */
  async verify(): Promise<string> {
    try {
      await this.transport.verify();
    } catch (error) {
      throw toSmtpError(error);
    }
    return `The SMTP server accepts connections; mail is sent from ${this.from}`;
  }
}
