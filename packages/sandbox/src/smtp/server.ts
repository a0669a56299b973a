import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Faults } from '../faults';

export type ReceivedMail = {
  id: number;
  from: string;
  to: string[];
  subject: string;
  /** The Message-ID header, angle brackets included. */
  messageId?: string;
  /** Header values as sent (folded lines joined), by lower-case name; the first of repeated ones. */
  headers: Record<string, string>;
  text: string;
  html?: string;
  /** Every http(s) link found in the message, in order. */
  links: string[];
  receivedAt: string;
};

/** Finds the links of a message: href targets first, then bare URLs in the text. */
export function extractLinks(html: string | undefined, text: string): string[] {
  const found: string[] = [];
  for (const m of (html ?? '').matchAll(/href="(https?:\/\/[^"]+)"/g))
    found.push(m[1].replace(/&amp;/g, '&'));
  for (const m of text.matchAll(/https?:\/\/[^\s<>"()[\]]+/g))
    found.push(m[0].replace(/[.,;:!?]+$/, ''));
  return [...new Set(found)];
}

/** Header values by lower-case name, folded lines joined; the first of repeated ones. */
function headerValues(
  lines: ReadonlyArray<{ key: string; line: string }>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    headers[key] ??= line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return headers;
}

/** The transient replies of the `smtp` fault switch, by fault kind. */
const FAULT_REPLIES = {
  '429': { code: 451, message: '4.7.1 Too many messages, try again later' },
  '500': {
    code: 451,
    message: '4.3.0 Temporary server error, try again later',
  },
};

/**
 * A loopback SMTP server that keeps every message it receives. `failNext`
 * makes it refuse the next recipients with an SMTP reply (e.g. `451 4.3.0
 * Try again later` for a transient failure, `550 5.1.1 No such user` for a
 * permanent one), as a real mail server does at RCPT TO. The `smtp` fault
 * switch of `faults` decides each mail at the end of its DATA: refused with
 * a 451 (the mail is not kept) or answered after a delay.
 */
export async function startSmtp(
  port = 0,
  faults?: Faults,
): Promise<{
  host: string;
  port: number;
  inbox: ReceivedMail[];
  failNext: (count: number, reply: string) => void;
  stop: () => Promise<void>;
}> {
  const inbox: ReceivedMail[] = [];
  const refusals: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sandbox' });
    },
    onRcptTo(_address, _session, callback) {
      const reply = refusals.shift();
      if (!reply) return callback();
      const [, code, message] = /^(\d{3})\s*(.*)$/.exec(reply) ?? [];
      return callback(
        Object.assign(new Error(message || reply), {
          responseCode: Number(code) || 451,
        }),
      );
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map(r => r.address);
      const fate = faults?.decide('smtp', recipients.join(',')) ?? {
        kind: 'pass',
      };
      if (fate.kind === '429' || fate.kind === '500') {
        const { code, message } = FAULT_REPLIES[fate.kind];
        // The reply comes once the client has sent the whole message.
        stream.on('end', () =>
          callback(Object.assign(new Error(message), { responseCode: code })),
        );
        stream.resume();
        return;
      }
      const delayMs = fate.kind === 'delay' ? fate.ms : 0;
      simpleParser(stream)
        .then(parsed => {
          const text = parsed.text ?? '';
          const html =
            typeof parsed.html === 'string' ? parsed.html : undefined;
          inbox.push({
            id: inbox.length + 1,
            from:
              parsed.from?.text ??
              String(
                session.envelope.mailFrom && session.envelope.mailFrom.address,
              ),
            to: session.envelope.rcptTo.map(r => r.address),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId,
            headers: headerValues(parsed.headerLines),
            text,
            html,
            links: extractLinks(html, text),
            receivedAt: new Date().toISOString(),
          });
          // A delayed answer: the mail is kept, whether or not the client waits.
          setTimeout(() => callback(), delayMs);
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = ((server as any).server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port: actual,
    inbox,
    failNext(count, reply) {
      if (!/^[45]\d\d\b/.test(reply)) {
        throw new RangeError(
          `An SMTP refusal starts with a 4xx or 5xx code, got ${JSON.stringify(
            reply,
          )}`,
        );
      }
      for (let i = 0; i < count; i++) refusals.push(reply);
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
