import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { classifyError } from '@internal/durable-jobs';
import {
  demoApprovalMessage,
  demoApprovedRequest,
} from '@internal/plugin-productiv-home-node/testUtils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { EmailApprovalChannel, EmailTicketProvider } from './EmailChannels';
import { EmailSender } from './EmailSender';
import { EmailStore } from './EmailStore';

jest.setTimeout(60_000);

const BASE = 'http://portal.example.com/api/productiv-home';
const logger = mockServices.logger.mock();
const ctx = (idempotencyKey: string) => ({ logger, idempotencyKey });

const message = demoApprovalMessage({
  requestId: 'req-1',
  tierName: 'Editor',
  requestedAt: '2026-11-02T09:00:00.000Z',
  justification: 'Design reviews <weekly>',
  link: 'http://portal.example.com/productiv-home?request=req-1',
});

const approved = demoApprovedRequest({
  requestId: 'req-2',
  link: 'http://portal.example.com/productiv-home?request=req-2',
});

/** A port where nothing listens: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise(r => server.close(r));
  return port;
}

describe('e-mail channel and tickets against the sandbox SMTP', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sandbox: Sandbox;
  let store: EmailStore;

  const senderFor = (email: object = {}) =>
    EmailSender.fromConfig(
      new ConfigReader({
        connectors: {
          email: {
            smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
            from: 'Productiv <productiv@acme.example.com>',
            ...email,
          },
        },
      }),
      store,
    );
  const mailsTo = (to: string) =>
    sandbox.state.inbox.filter(m => m.to.includes(to));

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
    store = await EmailStore.create(await databases.init('SQLITE_3'));
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.state.inbox.splice(0));

  it('asks the approver once per key, with the request and two links that expire', async () => {
    const now = 1_000_000;
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 72,
      now: () => now,
    });
    const first = await channel.requestApproval(message, ctx('ask-1'));
    const again = await channel.requestApproval(message, ctx('ask-1'));
    expect(again).toEqual(first);

    const mails = mailsTo('olivia.chen@acme.example.com');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('Approve Figma Editor for Emma Jones?');
    expect(mail.messageId).toBe(first.ref);
    for (const line of [
      'Emma Jones asks for Figma Editor. Your approval is needed (level 1).',
      'Requester: Emma Jones',
      'Tier: Editor',
      'Asked: 2 November 2026 at 09:00 UTC',
      'Why: Design reviews <weekly>',
      'Cost: 15 per month',
      'Peers using it: 4 on their team, 2 with their title, 11 in their department',
    ]) {
      expect(mail.text).toContain(line);
    }
    // Escaped in the HTML part.
    expect(mail.html).toContain('Design reviews &lt;weekly&gt;');
    // Dates are for people to read, not ISO strings.
    expect(`${mail.text}${mail.html}`).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    const links = mail.links.filter(l => l.startsWith(`${BASE}/email/decide/`));
    expect(links).toHaveLength(2);
    const [approve, deny] = await Promise.all(
      links.map(l => store.peek(l.slice(l.lastIndexOf('/') + 1))),
    );
    expect(approve).toMatchObject({
      kind: 'decide',
      requestId: 'req-1',
      level: 1,
      approver: 'user:default/olivia.chen',
      decision: 'approved',
      summary: 'Emma Jones asks for Figma Editor; level 1',
      expiresAtMs: now + 72 * 3600 * 1000,
    });
    expect(deny).toMatchObject({ decision: 'denied', requestId: 'req-1' });
  });

  it('reminds with fresh links, tells the requester, and voids links once decided', async () => {
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 1,
    });
    const reqMsg = { ...message, requestId: 'req-3' };
    await channel.requestApproval(reqMsg, ctx('ask-3'));
    await channel.remind(reqMsg, ctx('remind-3'));
    await channel.remind(reqMsg, ctx('remind-3'));
    const [asked, reminded] = mailsTo('olivia.chen@acme.example.com');
    expect(mailsTo('olivia.chen@acme.example.com')).toHaveLength(2);
    expect(reminded.subject).toBe(
      'Reminder: approve Figma Editor for Emma Jones?',
    );
    expect(reminded.text).toContain(
      'Reminder: Emma Jones is still waiting for your decision on Figma Editor.',
    );
    const tokens = (m: typeof asked) =>
      m.links
        .filter(l => l.includes('/email/decide/'))
        .map(l => l.slice(l.lastIndexOf('/') + 1));
    expect(tokens(reminded)).toHaveLength(2);
    expect(tokens(reminded)).not.toEqual(tokens(asked));

    // Decided elsewhere: every link of this approver for the level is void.
    await channel.showOutcome(reqMsg);
    for (const token of [...tokens(asked), ...tokens(reminded)]) {
      expect((await store.peek(token))?.revokedAtMs).toBeDefined();
    }
    // Asked at level 2, links of level 1 (any approver) are void too.
    const other = {
      ...reqMsg,
      approverRef: 'user:default/sofia.garcia',
      approverEmail: 'sofia.garcia@acme.example.com',
    };
    await channel.requestApproval(other, ctx('ask-3-sofia'));
    const sofiaLevel1 = tokens(mailsTo('sofia.garcia@acme.example.com')[0]);
    await channel.requestApproval({ ...reqMsg, level: 2 }, ctx('ask-3-l2'));
    expect((await store.use(sofiaLevel1[0])).ok).toBe(false);

    await channel.tellRequester(
      {
        requestId: 'req-3',
        recipientRef: 'user:default/emma.jones',
        recipientEmail: 'emma.jones@acme.example.com',
        appName: 'Figma',
        tierName: 'Editor',
        title: 'You have access to Figma Editor',
        description: 'Your request was approved and fulfilled',
        link: message.link,
      },
      ctx('tell-3'),
    );
    await channel.tellRequester(
      {
        requestId: 'req-3',
        recipientRef: 'user:default/emma.jones',
        recipientEmail: 'emma.jones@acme.example.com',
        appName: 'Figma',
        tierName: 'Editor',
        title: 'You have access to Figma Editor',
        description: 'Your request was approved and fulfilled',
        link: message.link,
      },
      ctx('tell-3'),
    );
    const told = mailsTo('emma.jones@acme.example.com');
    expect(told).toHaveLength(1);
    expect(told[0].subject).toBe('You have access to Figma Editor');
    expect(told[0].links).toContain(message.link);
  });

  it('names a tier change by both tiers in the mail, its reminder and its links', async () => {
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 72,
    });
    const change = {
      ...message,
      requestId: 'req-change',
      requesterRef: 'user:default/benjamin.moore',
      requesterName: 'Benjamin Moore',
      appName: 'Tableau',
      tier: 'explorer',
      tierName: 'Explorer',
      fromTier: 'viewer',
      fromTierName: 'Viewer',
    };
    await channel.requestApproval(change, ctx('ask-change'));
    await channel.remind(change, ctx('remind-change'));
    const [asked, reminded] = mailsTo('olivia.chen@acme.example.com');
    expect(asked.subject).toBe(
      'Approve Tableau Explorer (instead of Viewer) for Benjamin Moore?',
    );
    expect(asked.text).toContain(
      'Benjamin Moore asks to change Tableau from Viewer to Explorer. Your approval is needed (level 1).',
    );
    expect(asked.text).toContain('Tier: Explorer (instead of Viewer)');
    const link = asked.links.find(l => l.includes('/email/decide/'))!;
    expect(
      await store.peek(link.slice(link.lastIndexOf('/') + 1)),
    ).toMatchObject({
      summary:
        'Benjamin Moore asks to change Tableau from Viewer to Explorer; level 1',
    });
    expect(reminded.subject).toBe(
      'Reminder: approve Tableau Explorer (instead of Viewer) for Benjamin Moore?',
    );
    expect(reminded.text).toContain(
      'Reminder: Benjamin Moore is still waiting for your decision on Tableau Explorer (instead of Viewer).',
    );
  });

  it('names tiers by their key title-cased when the message carries no names', async () => {
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 72,
    });
    await channel.requestApproval(
      { ...message, tierName: undefined, tier: 'power_user' },
      ctx('ask-keys'),
    );
    expect(mailsTo('olivia.chen@acme.example.com')[0].subject).toBe(
      'Approve Figma Power user for Emma Jones?',
    );
  });

  it('refuses to ask an approver without an address, for good', async () => {
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 72,
    });
    const error = await channel
      .requestApproval({ ...message, approverEmail: undefined }, ctx('ask-x'))
      .then(
        () => undefined,
        e => e,
      );
    expect(error.message).toMatch(/olivia.chen has no e-mail address/);
    expect(classifyError(error).retryable).toBe(false);
    expect(sandbox.state.inbox).toHaveLength(0);
  });

  it('words a license given back as a removal for IT, with no approvers', async () => {
    const tickets = new EmailTicketProvider({
      sender: senderFor(),
      store,
      itAddress: 'it-desk@acme.example.com',
      baseUrl: async () => BASE,
    });
    await tickets.fulfill(
      {
        ...approved,
        action: 'remove',
        appName: 'Tableau',
        tier: 'viewer',
        tierName: 'Viewer',
        requesterName: 'Benjamin Moore',
        requesterEmail: 'benjamin.moore@acme.example.com',
        justification: undefined,
        approvals: [],
      },
      ctx('return-1'),
    );
    const [mail] = mailsTo('it-desk@acme.example.com').filter(m =>
      m.subject?.startsWith('Remove '),
    );
    expect(mail.subject).toBe('Remove Tableau Viewer from Benjamin Moore');
    for (const line of [
      'Please remove this access (the person gave the license back), then mark it done:',
      'Tier: Viewer',
      'Approval: none needed: a license given back frees a seat',
    ]) {
      expect(mail.text).toContain(line);
    }
    expect(mail.text).not.toContain('Approved by');
  });

  it("words license automation's reclaims and downgrades as its decisions, with why", async () => {
    const tickets = new EmailTicketProvider({
      sender: senderFor(),
      store,
      itAddress: 'it-desk@acme.example.com',
      baseUrl: async () => BASE,
    });
    const automated = {
      ...approved,
      appName: 'Figma',
      requesterName: 'Emma Jones',
      justification: 'Rule "No sign-in for 90 days" of the Figma workflow',
      approvals: [],
    };
    await tickets.fulfill(
      {
        ...automated,
        action: 'remove',
        tier: 'editor',
        tierName: 'Editor',
        automation: { change: 'remove', reason: 'unused' },
      },
      ctx('reclaim-1'),
    );
    await tickets.fulfill(
      {
        ...automated,
        tier: 'viewer',
        tierName: 'Viewer',
        replaces: { tier: 'editor' },
        automation: {
          change: 'downgrade',
          fromTierName: 'Editor',
          reason: 'unused',
        },
      },
      ctx('reclaim-2'),
    );
    const [removal] = mailsTo('it-desk@acme.example.com').filter(
      m => m.subject === 'Remove Figma Editor from Emma Jones',
    );
    expect(removal.text).toContain(
      'Please remove this access (a reclaim license automation decided, which Okta cannot make), then mark it done:',
    );
    expect(removal.text).toContain(
      'Approval: none needed: license automation decided it',
    );
    const [downgrade] = mailsTo('it-desk@acme.example.com').filter(
      m => m.subject === 'Downgrade Figma Editor to Viewer for Emma Jones',
    );
    for (const line of [
      'Please move this person from Figma Editor to Viewer (a downgrade license automation decided, which Okta cannot make), then mark it done:',
      'Tier: Editor to Viewer',
      'Why: Rule "No sign-in for 90 days" of the Figma workflow',
    ]) {
      expect(downgrade.text).toContain(line);
    }
    expect(downgrade.text).not.toContain('gave the license back');
    expect(downgrade.text).not.toContain('Approved by');
  });

  it('sends IT one ticket per key, with who approved and a Mark-as-done link', async () => {
    const tickets = new EmailTicketProvider({
      sender: senderFor(),
      store,
      itAddress: 'it-desk@acme.example.com',
      baseUrl: async () => BASE,
    });
    const first = await tickets.fulfill(approved, ctx('ticket-2'));
    expect(first).toMatchObject({ status: 'pending' });
    expect(await tickets.fulfill(approved, ctx('ticket-2'))).toEqual(first);

    const mails = mailsTo('it-desk@acme.example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(
      (first as { externalId: string }).externalId,
    );
    expect(mails[0].subject).toBe(
      'Access request: Miro (member) for Liam Patel',
    );
    for (const line of [
      'Person: Liam Patel <liam.patel@acme.example.com>',
      'Why: Workshops',
      'Approved by: level 1: user:default/olivia.chen (2026-11-24T10:00:00Z)',
      `Request: ${approved.link}`,
    ]) {
      expect(mails[0].text).toContain(line);
    }
    const done = mails[0].links.find(l => l.startsWith(`${BASE}/email/done/`))!;
    expect(
      await store.peek(done.slice(done.lastIndexOf('/') + 1)),
    ).toMatchObject({ kind: 'done', externalId: mails[0].messageId });

    // IT confirming it reaches the plugin's listener.
    const updates: unknown[] = [];
    tickets.onTicketUpdate(async u => void updates.push(u));
    await tickets.resolved(mails[0].messageId!);
    expect(updates).toEqual([
      {
        externalId: mails[0].messageId,
        status: 'resolved',
        detail: 'Marked done by IT',
      },
    ]);
  });

  it('throws retryable errors while the mail server defers, then sends once', async () => {
    const tickets = new EmailTicketProvider({
      sender: senderFor(),
      store,
      itAddress: 'it-desk@acme.example.com',
      baseUrl: async () => BASE,
    });
    sandbox.smtp.failNext(1, '451 4.3.0 Try again later');
    const error = await tickets.fulfill(approved, ctx('ticket-451')).then(
      () => undefined,
      e => e,
    );
    expect(error).toMatchObject({ status: 503, responseCode: 451 });
    expect(classifyError(error).retryable).toBe(true);
    expect(mailsTo('it-desk@acme.example.com')).toHaveLength(0);

    // The job runner's retry.
    expect(await tickets.fulfill(approved, ctx('ticket-451'))).toMatchObject({
      status: 'pending',
    });
    expect(await tickets.fulfill(approved, ctx('ticket-451'))).toMatchObject({
      status: 'pending',
    });
    expect(mailsTo('it-desk@acme.example.com')).toHaveLength(1);
  });

  it('fails a ticket for good with a reason an admin can act on when the address is refused', async () => {
    const tickets = new EmailTicketProvider({
      sender: senderFor(),
      store,
      itAddress: 'nobody@acme.example.com',
      baseUrl: async () => BASE,
    });
    sandbox.smtp.failNext(1, '550 5.1.1 No such user');
    expect(await tickets.fulfill(approved, ctx('ticket-550'))).toEqual({
      status: 'failed',
      reason:
        'The mail to IT (nobody@acme.example.com) was refused: 550 5.1.1 No such user. Check connectors.email (itAddress, SMTP credentials), then retry.',
    });

    // For an approval, the same refusal is final for the job runner.
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 72,
    });
    sandbox.smtp.failNext(1, '550 5.1.1 No such user');
    const error = await channel.requestApproval(message, ctx('ask-550')).then(
      () => undefined,
      e => e,
    );
    expect(classifyError(error)).toMatchObject({ retryable: false });
  });

  it('tests the connection: ok against the sandbox, a retryable error when the server is down', async () => {
    const channel = new EmailApprovalChannel({
      sender: senderFor(),
      store,
      baseUrl: async () => BASE,
      linkHours: 72,
    });
    await expect(channel.test()).resolves.toMatch(
      /accepts connections; mail is sent from Productiv <productiv@acme.example.com>/,
    );

    const down = EmailSender.fromConfig(
      new ConfigReader({
        connectors: {
          email: {
            smtp: { host: '127.0.0.1', port: await closedPort() },
            from: 'productiv@acme.example.com',
          },
        },
      }),
      store,
    );
    const verifyError = await down.verify().then(
      () => undefined,
      e => e,
    );
    expect(verifyError.message).toMatch(/ECONNREFUSED/);
    const sendError = await down
      .send('down-1', { to: 'a@b.c', subject: 's', text: 't', html: 't' })
      .then(
        () => undefined,
        e => e,
      );
    expect(classifyError(sendError).retryable).toBe(true);
    expect(await store.sentFor('down-1')).toBeUndefined();
  });

  it('signs with DKIM when configured, and refuses a bad key at startup', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const signed = senderFor({
      dkim: {
        domainName: 'acme.example.com',
        keySelector: 'productiv',
        privateKey,
      },
    });
    await signed.send('dkim-1', {
      to: 'dkim@acme.example.com',
      subject: 'Signed',
      text: 'Hello',
      html: '<p>Hello</p>',
    });
    const [mail] = mailsTo('dkim@acme.example.com');
    expect(mail.headers['dkim-signature']).toMatch(
      /\bd=acme\.example\.com;.*\bs=productiv;/,
    );

    await senderFor().send('plain-1', {
      to: 'plain@acme.example.com',
      subject: 'Plain',
      text: 'Hello',
      html: '<p>Hello</p>',
    });
    expect(
      mailsTo('plain@acme.example.com')[0].headers['dkim-signature'],
    ).toBeUndefined();

    expect(() =>
      senderFor({
        dkim: {
          domainName: 'acme.example.com',
          keySelector: 'productiv',
          privateKey: 'not a key',
        },
      }),
    ).toThrow('connectors.email.dkim.privateKey is not a PEM private key');
  });
});
