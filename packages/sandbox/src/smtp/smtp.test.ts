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
      subject: 'Emma Jones requests Figma (editor)',
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
      subject: 'Emma Jones requests Figma (editor)',
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
});
