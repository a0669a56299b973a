import { ConfigReader } from '@backstage/config';
import { classifyError } from '@internal/durable-jobs';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import {
  createMailTransport,
  MailNotSent,
  mailFailure,
  stableMessageId,
} from './smtp';
import { escapeHtml, linkPage, postBackForm } from './linkPages';

describe('the SMTP transport', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  const transport = () =>
    createMailTransport(
      new ConfigReader({
        smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
        from: 'p@acme.example.com',
      }),
    );

  it('sends through connectors.email.smtp with the Message-ID given', async () => {
    const messageId = stableMessageId(
      'warn:1',
      'Productiv <p@acme.example.com>',
    );
    await transport().sendMail({
      from: 'p@acme.example.com',
      to: 'emma.jones@acme.example.com',
      subject: 'Hello',
      text: 'Hi',
      messageId,
    });
    expect(sandbox.state.inbox.at(-1)).toMatchObject({
      subject: 'Hello',
      messageId,
    });
  });

  it('reads a 451 as worth a retry and a 550 as final, for the job runner', async () => {
    const send = () =>
      transport()
        .sendMail({
          from: 'p@acme.example.com',
          to: 'x@acme.example.com',
          text: '',
        })
        .catch(e => mailFailure(e));
    sandbox.smtp.failNext(1, '451 4.3.0 Try again later');
    const later = await send();
    expect(later).toBeInstanceOf(MailNotSent);
    expect(classifyError(later).retryable).toBe(true);
    sandbox.smtp.failNext(1, '550 5.1.1 No such user');
    const never = await send();
    expect(never).toMatchObject({ status: 422 });
    expect(classifyError(never).retryable).toBe(false);
  });
});

describe('stableMessageId', () => {
  it('is the same for a key, another for another key, at the sender’s domain', () => {
    const a = stableMessageId('k1', 'Productiv <p@acme.example.com>');
    expect(a).toMatch(/^<[0-9a-f]{32}@acme\.example\.com>$/);
    expect(stableMessageId('k1', 'p@acme.example.com')).toBe(a);
    expect(stableMessageId('k2', 'p@acme.example.com')).not.toBe(a);
  });
});

describe('link pages', () => {
  it('escapes what they quote, and post back only hidden fields and a button', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(linkPage('A <b>', '<p>x</p>')).toMatch(
      /^<!doctype html>.*<title>A &lt;b&gt;<\/title>.*<h1>A &lt;b&gt;<\/h1><p>x<\/p>/,
    );
    expect(postBackForm({ token: 't"' }, 'Keep')).toBe(
      '<form method="post"><input type="hidden" name="token" value="t&quot;"><p><button type="submit">Keep</button></p></form>',
    );
  });
});
