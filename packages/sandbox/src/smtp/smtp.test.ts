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
});
