import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { classifyError } from '@internal/durable-jobs';
import { ApprovalMessage } from '@internal/plugin-productiv-home-node';
import { demoApprovalMessage } from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  Sandbox,
  SlackMessage,
  startSandbox,
} from '@internal/sandbox';
import { LogLevel, WebClient } from '@slack/web-api';
import { APPROVE_ACTION, DENY_ACTION } from './messages';
import { SlackApprovalChannel } from './SlackApprovalChannel';
import { SlackStore } from './SlackStore';

jest.setTimeout(60_000);

describe('SlackApprovalChannel against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sandbox: Sandbox;
  let store: SlackStore;
  let channel: SlackApprovalChannel;
  const logger = mockServices.logger.mock();
  const client = (options?: { token?: string; timeout?: number }) =>
    new WebClient(options?.token ?? sandbox.credentials.slack.botToken, {
      slackApiUrl: sandbox.urls.slack,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options?.timeout ?? 5000,
      logLevel: LogLevel.ERROR,
    });

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
    store = await SlackStore.create(await databases.init('SQLITE_3'));
    channel = new SlackApprovalChannel({
      client: client(),
      store,
      adminChannel: 'C0PRODADMINS',
    });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  let keys = 0;
  const ctx = (key = `job-${++keys}`) => ({ logger, idempotencyKey: key });
  let requests = 0;
  const message = (overrides: Partial<ApprovalMessage> = {}) =>
    demoApprovalMessage({
      requestId: `r${++requests}`,
      tierName: 'Editor',
      requestedAt: '2026-11-02T09:00:00.000Z',
      justification: 'Design reviews <with> the team & others',
      ...overrides,
    });
  /** Emma's request was made then: Slack shows it in the reader's time zone. */
  const ASKED = `*Asked*\n<!date^${
    Date.parse('2026-11-02T09:00:00Z') / 1000
  }^{date_pretty} at {time}|2 November 2026 at 09:00 UTC>`;
  const slackUser = (name: string) =>
    sandbox.state.workspace.users.find(
      u => u.email === `${name}@acme.example.com`,
    )!;
  const messagesTo = (name: string) =>
    sandbox.state.workspace.messages.filter(
      m => m.recipient === slackUser(name).id,
    );
  const byRef = (ref: string): SlackMessage => {
    const [ch, ts] = ref.split('/');
    return sandbox.state.workspace.find(ch, ts)!;
  };
  const buttons = (m: SlackMessage) =>
    m.blocks.flatMap((b: any) => b.elements ?? []).filter((e: any) => e.value);

  it('asks the approver in a DM with the request and Approve / Deny buttons', async () => {
    const m = message();
    const { ref } = await channel.requestApproval(m, ctx());
    const posted = byRef(ref!);
    expect(posted.channel).toBe(
      sandbox.state.workspace.dmChannel(slackUser('olivia.chen').id),
    );
    expect(posted.recipient).toBe(slackUser('olivia.chen').id);
    expect(posted.text).toBe(
      'Emma Jones asks for Figma Editor. Your approval is needed (level 1).',
    );
    expect(posted.blocks[0].text.text).toBe(
      '*Emma Jones* asks for *Figma Editor*. Your approval is needed (level 1).',
    );
    const fields = posted.blocks[1].fields.map((f: any) => f.text);
    expect(fields).toEqual([
      '*Requester*\nEmma Jones',
      '*App*\nFigma',
      '*Tier*\nEditor',
      ASKED,
      '*Duration*\nPermanent',
      '*Cost of the tier*\n15 per month',
      // Slack markup in what people typed is escaped.
      '*Justification*\nDesign reviews &lt;with&gt; the team &amp; others',
      '*Peers using it (last 30 days)*\n4 on their team, 2 with their title, 11 in their department',
    ]);
    expect(
      buttons(posted).map((b: any) => [b.action_id, JSON.parse(b.value)]),
    ).toEqual([
      [APPROVE_ACTION, { requestId: m.requestId, level: 1 }],
      [DENY_ACTION, { requestId: m.requestId, level: 1 }],
    ]);
    expect(JSON.stringify(posted.blocks)).toContain(
      '<http://portal/productiv-home?request=r1|Open in the portal>',
    );
    // Tagged with its job's key, so that a retry can recognise it.
    expect(posted.metadata?.event_payload).toEqual({ key: `job-${keys}` });
  });

  it('leaves out the date, cost, justification and peers when they are not known', async () => {
    const { ref } = await channel.requestApproval(
      message({
        requestedAt: undefined,
        justification: undefined,
        tierMonthlyCost: undefined,
        peers: undefined,
      }),
      ctx(),
    );
    expect(
      byRef(ref!).blocks[1].fields.map((f: any) => f.text.split('\n')[0]),
    ).toEqual(['*Requester*', '*App*', '*Tier*', '*Duration*']);
  });

  it('shows the decision context: title and team, the team at the tier, price and free seats, the duration', async () => {
    const { ref } = await channel.requestApproval(
      message({
        requesterTitle: 'Product Designer',
        requesterTeam: 'Design',
        peersAtTier: 3,
        tierFreeSeats: 1,
        accessDays: 90,
      }),
      ctx(),
    );
    const fields = byRef(ref!).blocks[1].fields.map((f: any) => f.text);
    expect(fields).toEqual(
      expect.arrayContaining([
        '*Requester*\nEmma Jones\nProduct Designer · Design',
        '*Duration*\n90 days',
        '*Cost of the tier*\n15 per month · 1 free seat',
        '*Team at this tier*\n3 on their team hold Editor',
      ]),
    );
    // Slack allows 10 fields in a section.
    expect(fields.length).toBeLessThanOrEqual(10);
  });

  it('posts once per idempotency key, however often the job runs', async () => {
    const m = message();
    const before = messagesTo('olivia.chen').length;
    const first = await channel.requestApproval(m, ctx('ask-once'));
    const again = await channel.requestApproval(m, ctx('ask-once'));
    // Another replica, with its own client, sharing the database.
    const replica = new SlackApprovalChannel({ client: client(), store });
    const third = await replica.requestApproval(m, ctx('ask-once'));
    expect(again.ref).toBe(first.ref);
    expect(third.ref).toBe(first.ref);
    expect(messagesTo('olivia.chen').length).toBe(before + 1);
  });

  it('does not post twice when the answer to a post that landed was lost', async () => {
    const impatient = new SlackApprovalChannel({
      client: client({ timeout: 300 }),
      store,
      landingMs: 600,
    });
    const m = message();
    const before = messagesTo('olivia.chen').length;
    // The post reaches Slack after the client has given up.
    sandbox.state.faults.set('slack', {
      delayRate: 1,
      delayMs: 600,
      paths: ['chat.postMessage'],
    });
    const lost = await impatient
      .requestApproval(m, ctx('lost-answer'))
      .catch(e => e);
    expect(lost).toBeInstanceOf(Error);
    expect(classifyError(lost).retryable).toBe(true);
    sandbox.state.faults.reset();
    await new Promise(r => setTimeout(r, 700));
    expect(messagesTo('olivia.chen').length).toBe(before + 1);

    // The job runner retries: the message is found, not posted again.
    const { ref } = await impatient.requestApproval(m, ctx('lost-answer'));
    expect(messagesTo('olivia.chen').length).toBe(before + 1);
    expect(byRef(ref!)).toBe(messagesTo('olivia.chen').at(-1));
  });

  it('waits for a post whose answer was lost to land before it looks, so that a quick retry does not post twice', async () => {
    const impatient = new SlackApprovalChannel({
      client: client({ timeout: 300 }),
      store,
      landingMs: 1500,
    });
    const m = message();
    const before = messagesTo('olivia.chen').length;
    // The post reaches Slack a second after the client gave up.
    sandbox.state.faults.set('slack', {
      delayRate: 1,
      delayMs: 1300,
      paths: ['chat.postMessage'],
    });
    const lost = await impatient
      .requestApproval(m, ctx('slow-landing'))
      .catch(e => e);
    expect(classifyError(lost).retryable).toBe(true);
    sandbox.state.faults.reset();

    // A retry at once (a Retry-After elsewhere, a short backoff) neither
    // looks too early nor posts: it says when to come back.
    const early = await impatient
      .requestApproval(m, ctx('slow-landing'))
      .catch(e => e);
    const { retryable, retryAfterMs } = classifyError(early);
    expect(retryable).toBe(true);
    expect(retryAfterMs).toBeGreaterThan(800);
    expect(retryAfterMs).toBeLessThanOrEqual(1500);
    expect(messagesTo('olivia.chen').length).toBe(before);

    await new Promise(r => setTimeout(r, retryAfterMs!));
    expect(messagesTo('olivia.chen').length).toBe(before + 1);
    const { ref } = await impatient.requestApproval(m, ctx('slow-landing'));
    expect(messagesTo('olivia.chen').length).toBe(before + 1);
    expect(byRef(ref!)).toBe(messagesTo('olivia.chen').at(-1));
  });

  it('posts again without looking or waiting after Slack refused a try, and looks at once after a 500', async () => {
    const patient = new SlackApprovalChannel({
      client: client(),
      store,
      landingMs: 60_000,
    });
    const m = message();
    const before = messagesTo('olivia.chen').length;
    sandbox.state.faults.failNext('slack', 1, '429');
    await patient.requestApproval(m, ctx('refused')).catch(e => e);
    // Reading the conversation would fail now: the retry does not.
    sandbox.state.faults.set('slack', {
      rate500: 1,
      paths: ['conversations.history'],
    });
    await patient.requestApproval(m, ctx('refused'));
    expect(messagesTo('olivia.chen').length).toBe(before + 1);
    sandbox.state.faults.reset();

    // A 500 from chat.postMessage is an answer: no waiting, but a look.
    const other = message();
    sandbox.state.faults.set('slack', {
      rate500: 1,
      paths: ['chat.postMessage'],
    });
    await patient.requestApproval(other, ctx('answered')).catch(e => e);
    sandbox.state.faults.set('slack', {
      rate500: 1,
      paths: ['conversations.history'],
    });
    const looked = await patient
      .requestApproval(other, ctx('answered'))
      .catch(e => e);
    expect(classifyError(looked)).toMatchObject({ retryable: true });
    expect(classifyError(looked).retryAfterMs ?? 0).toBeLessThan(5000);
    sandbox.state.faults.reset();
    await patient.requestApproval(other, ctx('answered'));
    expect(messagesTo('olivia.chen').length).toBe(before + 2);
  });

  it('looks an approver up in Slack once, however many requests they are asked about', async () => {
    const fresh = new SlackApprovalChannel({ client: client(), store });
    await fresh.requestApproval(message(), ctx());
    sandbox.state.faults.set('slack', {
      rate500: 1,
      paths: ['users.lookupByEmail', 'conversations.open'],
    });
    const { ref } = await fresh.requestApproval(message(), ctx());
    expect(byRef(ref!).recipient).toBe(slackUser('olivia.chen').id);
  });

  it('throws 429 and 5xx for the job runner to retry, with Slack’s Retry-After', async () => {
    const m = message();
    const before = sandbox.state.workspace.messages.length;
    sandbox.state.faults.failNext('slack', 1, '429');
    const limited = await channel
      .requestApproval(m, ctx('limited'))
      .catch(e => e);
    expect(classifyError(limited)).toMatchObject({
      retryable: true,
      retryAfterMs: 1000,
    });
    sandbox.state.faults.failNext('slack', 1, '500');
    const failed = await channel
      .requestApproval(m, ctx('limited'))
      .catch(e => e);
    expect(classifyError(failed).retryable).toBe(true);
    expect(sandbox.state.workspace.messages.length).toBe(before);

    const { ref } = await channel.requestApproval(m, ctx('limited'));
    expect(byRef(ref!).text).toMatch(/asks for Figma/);
    expect(sandbox.state.workspace.messages.length).toBe(before + 1);
  });

  it('fails for good, with a reason an admin can act on, when the approver cannot be found', async () => {
    const unknown = await channel
      .requestApproval(
        message({ approverEmail: 'nobody@acme.example.com' }),
        ctx(),
      )
      .catch(e => e);
    expect(classifyError(unknown).retryable).toBe(false);
    expect(unknown.message).toMatch(
      /^No Slack account has the e-mail nobody@acme.example.com \(user:default\/olivia.chen\): invite them to Slack, or correct their e-mail in the catalog/,
    );
    const noEmail = await channel
      .requestApproval(message({ approverEmail: undefined }), ctx())
      .catch(e => e);
    expect(classifyError(noEmail).retryable).toBe(false);
    expect(noEmail.message).toMatch(/has no e-mail in the catalog/);

    const badToken = new SlackApprovalChannel({
      client: client({ token: 'xoxb-revoked' }),
      store,
    });
    const refused = await badToken
      .requestApproval(message(), ctx())
      .catch(e => e);
    expect(classifyError(refused).retryable).toBe(false);
    expect(refused.message).toMatch(
      /^Slack refused the bot token .*\(invalid_auth\): check connectors.slack.botToken/,
    );
    await expect(badToken.test()).rejects.toThrow(/invalid_auth/);
  });

  it('threads reminders under the request, and shows the outcome on every message with buttons', async () => {
    const m = message();
    const { ref } = await channel.requestApproval(m, ctx());
    const asked = byRef(ref!);
    await channel.remind(m, ctx('remind-1'));
    await channel.remind(m, ctx('remind-1'));
    const reminders = messagesTo('olivia.chen').filter(
      x => x.threadTs === asked.ts,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      channel: asked.channel,
      broadcast: true,
      text: 'Reminder: Emma Jones is still waiting for your decision on Figma Editor.',
    });
    // The buttons are right above, in the message it replies to.
    expect(buttons(reminders[0])).toEqual([]);

    await channel.showOutcome(
      m,
      ref!,
      { status: 'approved', by: 'Olivia Chen' },
      ctx(),
    );
    expect(asked.text).toBe('Approved by Olivia Chen');
    expect(asked.blocks[0].text.text).toBe(
      '*Figma Editor* for *Emma Jones*: *Approved by Olivia Chen*',
    );
    expect(buttons(asked)).toEqual([]);
    expect(JSON.stringify(asked.blocks)).toContain('Design reviews');
  });

  it('reminds with buttons when the approver was not asked in Slack, and updates that reminder too', async () => {
    // Asked by e-mail before the approval method became Slack.
    const m = message();
    await channel.remind(m, ctx());
    const reminder = messagesTo('olivia.chen').at(-1)!;
    expect(reminder.threadTs).toBeUndefined();
    expect(buttons(reminder).map((b: any) => b.action_id)).toEqual([
      APPROVE_ACTION,
      DENY_ACTION,
    ]);
    // Then asked in Slack; the decision clears both.
    const { ref } = await channel.requestApproval(m, ctx());
    await channel.showOutcome(m, ref!, { status: 'cancelled' }, ctx());
    expect(reminder.text).toBe('Cancelled by the requester');
    expect(buttons(reminder)).toEqual([]);
    expect(buttons(byRef(ref!))).toEqual([]);
  });

  it('names a tier change by both tiers: asked, reminded and decided', async () => {
    const m = message({
      requesterRef: 'user:default/benjamin.moore',
      requesterName: 'Benjamin Moore',
      appName: 'Tableau',
      tier: 'explorer',
      tierName: 'Explorer',
      fromTier: 'viewer',
      fromTierName: 'Viewer',
    });
    const { ref } = await channel.requestApproval(m, ctx());
    const asked = byRef(ref!);
    expect(asked.text).toBe(
      'Benjamin Moore asks to change Tableau from Viewer to Explorer. Your approval is needed (level 1).',
    );
    expect(asked.blocks[0].text.text).toBe(
      '*Benjamin Moore* asks to change *Tableau* from *Viewer* to *Explorer*. Your approval is needed (level 1).',
    );
    expect(asked.blocks[1].fields.map((f: any) => f.text)).toContain(
      '*Tier*\nExplorer (instead of Viewer)',
    );
    await channel.remind(m, ctx());
    expect(messagesTo('olivia.chen').at(-1)!.text).toBe(
      'Reminder: Benjamin Moore is still waiting for your decision on Tableau Explorer (instead of Viewer).',
    );
    await channel.showOutcome(
      m,
      ref!,
      { status: 'denied', by: 'Olivia Chen' },
      ctx(),
    );
    expect(asked.blocks[0].text.text).toBe(
      '*Tableau Explorer (instead of Viewer)* for *Benjamin Moore*: *Denied by Olivia Chen*',
    );
  });

  it('names tiers by their key title-cased when the message carries no names', async () => {
    const m = message({
      tierName: undefined,
      tier: 'power_user',
      fromTier: 'read-only',
    });
    const { ref } = await channel.requestApproval(m, ctx());
    expect(byRef(ref!).text).toBe(
      'Emma Jones asks to change Figma from Read only to Power user. Your approval is needed (level 1).',
    );
  });

  it('tells the requester in a DM, once', async () => {
    const update = {
      requestId: 'r-told',
      recipientRef: 'user:default/emma.jones',
      recipientEmail: 'emma.jones@acme.example.com',
      appName: 'Figma',
      tierName: 'Editor',
      title: 'Your request for Figma Editor was denied',
      description: 'Not this quarter',
      link: 'http://portal/productiv-home?request=r-told',
    };
    const before = messagesTo('emma.jones').length;
    await channel.tellRequester(update, ctx('told'));
    await channel.tellRequester(update, ctx('told'));
    expect(messagesTo('emma.jones').length).toBe(before + 1);
    expect(messagesTo('emma.jones').at(-1)!.text).toBe(
      'Your request for Figma Editor was denied. Not this quarter',
    );
  });

  it('posts admin notices to the admin channel once, and only when there is one', async () => {
    const notice = {
      title: 'Access to Figma Editor for Emma Jones failed',
      description: 'No Okta account has the e-mail emma.jones@acme.example.com',
      link: 'http://portal/productiv-home?request=r9',
      requestId: 'r9',
    };
    await channel.notifyAdmins!(notice, ctx('admins'));
    await channel.notifyAdmins!(notice, ctx('admins'));
    const inAdmins = sandbox.state.workspace.messages.filter(
      x => x.channel === 'C0PRODADMINS',
    );
    expect(inAdmins.map(x => x.text)).toEqual([
      'Access to Figma Editor for Emma Jones failed. No Okta account has the e-mail emma.jones@acme.example.com',
    ]);
    expect(
      new SlackApprovalChannel({ client: client(), store }).notifyAdmins,
    ).toBeUndefined();
  });

  it('tests the connection with auth.test', async () => {
    expect(await channel.test()).toBe(
      'Connected to Slack as productiv in Acme; admin notices go to C0PRODADMINS',
    );
  });
});
