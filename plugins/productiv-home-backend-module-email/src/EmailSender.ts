import { Config } from '@backstage/config';
import { createHash } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { EmailStore } from './EmailStore';

export type Mail = { to: string; subject: string; text: string; html: string };

/**
 * Sends e-mail over SMTP (optionally DKIM-signed), once per idempotency
 * key: the Message-ID is derived from the key and what was sent is recorded,
 * so a retried job does not send again.
 */
export class EmailSender {
  static fromConfig(
    config: Config,
    store: EmailStore,
  ): EmailSender | undefined {
    const email = config.getOptionalConfig('connectors.email');
    if (!email) return undefined;
    const smtp = email.getConfig('smtp');
    const dkim = email.getOptionalConfig('dkim');
    const username = smtp.getOptionalString('username');
    const transport = nodemailer.createTransport({
      host: smtp.getString('host'),
      port: smtp.getNumber('port'),
      secure: smtp.getOptionalBoolean('secure') ?? false,
      auth: username
        ? { user: username, pass: smtp.getOptionalString('password') }
        : undefined,
      dkim: dkim
        ? {
            domainName: dkim.getString('domainName'),
            keySelector: dkim.getString('keySelector'),
            privateKey: dkim.getString('privateKey'),
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
      this.from.replace(/.*@/, '').replace(/>.*/, '') || 'localhost';
    return `<${createHash('sha256')
      .update(key)
      .digest('hex')
      .slice(0, 32)}@${domain}>`;
  }

  /** Sends unless already sent for `key`; returns the Message-ID. */
  async send(key: string, mail: Mail): Promise<string> {
    const already = await this.store.sentFor(key);
    if (already) return already;
    const messageId = this.messageIdFor(key);
    await this.transport.sendMail({ from: this.from, messageId, ...mail });
    await this.store.recordSent(key, messageId);
    return messageId;
  }

  async verify(): Promise<string> {
    await this.transport.verify();
    return `SMTP server accepts connections; mail is sent from ${this.from}`;
  }
}
