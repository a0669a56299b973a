import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
  id: number;
  from: string;
  to: string[];
  subject: string;
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

/** A loopback SMTP server that keeps every message it receives. */
export async function startSmtp(port = 0): Promise<{
  host: string;
  port: number;
  inbox: ReceivedMail[];
  stop: () => Promise<void>;
}> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sandbox' });
    },
    onData(stream, session, callback) {
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
            text,
            html,
            links: extractLinks(html, text),
            receivedAt: new Date().toISOString(),
          });
          callback();
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
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
