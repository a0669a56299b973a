import { generateKeyPairSync } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

describe('SMTP slice through nodemailer', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  it('keeps received mail with its links, readable through the inbox API', async () => {
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: false,
    });
    await transport.sendMail({
      from: 'Productiv <productiv@acme.example.com>',
      to: 'olivia.chen@acme.example.com',
      subject: 'Approve Figma Editor for Emma Jones?',
      text: 'Approve: http://localhost:7007/api/productiv-home/approvals/abc/approve',
      html: '<p><a href="http://localhost:7007/api/productiv-home/approvals/abc/approve?x=1&amp;y=2">Approve</a></p>',
    });
    const inbox = await (
      await fetch(
        `${sandbox.urls.inspector}/api/mail?to=olivia.chen@acme.example.com`,
      )
    ).json();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      from: '"Productiv" <productiv@acme.example.com>',
      to: ['olivia.chen@acme.example.com'],
      subject: 'Approve Figma Editor for Emma Jones?',
      links: [
        'http://localhost:7007/api/productiv-home/approvals/abc/approve?x=1&y=2',
        'http://localhost:7007/api/productiv-home/approvals/abc/approve',
      ],
    });
    const other = await (
      await fetch(
        `${sandbox.urls.inspector}/api/mail?to=emma.jones@acme.example.com`,
      )
    ).json();
    expect(other).toEqual([]);
  });

  it('authenticates any user, as a development mail server does', async () => {
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: false,
      auth: { user: 'u', pass: 'p' },
    });
    const info = await transport.sendMail({
      from: 'it@acme.example.com',
      to: 'it-desk@acme.example.com',
      subject: 'Ticket',
      text: 'Please grant access',
    });
    expect(info.accepted).toEqual(['it-desk@acme.example.com']);
    expect(sandbox.state.inbox.map(m => m.subject)).toContain('Ticket');
  });

  it('keeps the Message-ID and the headers, DKIM signature included', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: false,
      dkim: {
        domainName: 'acme.example.com',
        keySelector: 'mail',
        privateKey,
      },
    });
    await transport.sendMail({
      from: 'productiv@acme.example.com',
      to: 'signed@acme.example.com',
      subject: 'Signed',
      messageId: '<fixed-id@acme.example.com>',
      text: 'Hello',
    });
    const mail = sandbox.state.inbox.find(m => m.subject === 'Signed')!;
    expect(mail.messageId).toBe('<fixed-id@acme.example.com>');
    expect(mail.headers['message-id']).toBe('<fixed-id@acme.example.com>');
    expect(mail.headers['dkim-signature']).toMatch(
      /\bd=acme\.example\.com;.*\bs=mail;/,
    );
  });

  it('refuses the next recipients on demand, with the SMTP reply given', async () => {
    const transport = nodemailer.createTransport({
      host: sandbox.smtp.host,
      port: sandbox.smtp.port,
      secure: false,
    });
    const mail = {
      from: 'productiv@acme.example.com',
      to: 'it-desk@acme.example.com',
      subject: 'Refused once',
      text: 'Hello',
    };
    sandbox.smtp.failNext(1, '451 4.3.0 Try again later');
    await expect(transport.sendMail(mail)).rejects.toMatchObject({
      code: 'EENVELOPE',
      responseCode: 451,
    });
    sandbox.smtp.failNext(1, '550 5.1.1 No such user');
    await expect(transport.sendMail(mail)).rejects.toMatchObject({
      responseCode: 550,
    });
    // Then it accepts again.
    await transport.sendMail(mail);
    expect(
      sandbox.state.inbox.filter(m => m.subject === 'Refused once'),
    ).toHaveLength(1);
    expect(() => sandbox.smtp.failNext(1, 'later')).toThrow(RangeError);
  });

  describe('the smtp fault switch', () => {
    beforeEach(() => sandbox.state.faults.reset());
    afterEach(() => sandbox.state.faults.reset());
    const send = (to: string, subject: string) =>
      nodemailer
        .createTransport({
          host: sandbox.smtp.host,
          port: sandbox.smtp.port,
          secure: false,
        })
        .sendMail({
          from: 'productiv@acme.example.com',
          to,
          subject,
          text: 'Hi',
        });

    it('refuses a share of mails with a transient 451 and keeps only the others', async () => {
      sandbox.state.faults.set('smtp', { rate429: 0.2, rate500: 0.2 });
      const outcomes: Array<number | 'sent'> = [];
      for (let i = 0; i < 60; i++) {
        outcomes.push(
          await send('shares@acme.example.com', `Share ${i}`).then(
            () => 'sent' as const,
            (e: { responseCode: number }) => e.responseCode,
          ),
        );
      }
      const refused = outcomes.filter(o => o !== 'sent');
      expect(refused.every(o => o === 451)).toBe(true);
      expect(refused.length).toBeGreaterThan(10);
      expect(refused.length).toBeLessThan(40);
      const stats = sandbox.state.faults.stats('smtp');
      expect(stats).toMatchObject({ calls: 60 });
      expect(stats.injected429 + stats.injected500).toBe(refused.length);
      expect(stats.injected429).toBeGreaterThan(0);
      expect(stats.injected500).toBeGreaterThan(0);
      const kept = sandbox.state.inbox.filter(m =>
        m.to.includes('shares@acme.example.com'),
      );
      expect(kept).toHaveLength(60 - refused.length);
    });

    it('limits the faults to some recipients, and fails the next mails on demand', async () => {
      sandbox.state.faults.set('smtp', { rate500: 1, paths: ['it-desk@'] });
      await expect(
        send('it-desk@acme.example.com', 'To IT'),
      ).rejects.toMatchObject({
        responseCode: 451,
        response: expect.stringContaining('4.3.0'),
      });
      await send('olivia.chen@acme.example.com', 'To Olivia');
      sandbox.state.faults.reset();
      sandbox.state.faults.failNext('smtp', 1, '429');
      await expect(
        send('olivia.chen@acme.example.com', 'Again'),
      ).rejects.toMatchObject({
        responseCode: 451,
        response: expect.stringContaining('4.7.1'),
      });
      await send('olivia.chen@acme.example.com', 'Again');
      expect(
        sandbox.state.inbox
          .filter(m => ['To IT', 'To Olivia', 'Again'].includes(m.subject))
          .map(m => m.subject),
      ).toEqual(['To Olivia', 'Again']);
    });

    it('is set through the inspector like the other services', async () => {
      const res = await fetch(`${sandbox.urls.inspector}/api/faults/smtp`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rate429: 1 }),
      });
      expect(res.status).toBe(200);
      const all = await (
        await fetch(`${sandbox.urls.inspector}/api/faults`)
      ).json();
      expect(all.smtp).toMatchObject({ rate429: 1, stats: { calls: 0 } });
      await expect(send('x@acme.example.com', 'Refused')).rejects.toMatchObject(
        {
          responseCode: 451,
        },
      );
    });
  });
});
