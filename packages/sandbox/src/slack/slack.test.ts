import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import express from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { close, listen } from '../http';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

/** A correct Slack request verifier, as the product must implement it. */
function verifySlack(
  secret: string,
  rawBody: string,
  timestamp?: string,
  signature?: string,
  nowSec = Math.floor(Date.now() / 1000),
) {
  const ts = Number(timestamp);
  if (
    !timestamp ||
    !signature ||
    !Number.isInteger(ts) ||
    Math.abs(nowSec - ts) > 300
  )
    return false;
  const expected = `v0=${createHmac('sha256', secret)
    .update(`v0:${ts}:${rawBody}`)
    .digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

describe('Slack slice through @slack/web-api', () => {
  let sandbox: Sandbox;
  let slack: WebClient;
  let endpoint: Awaited<ReturnType<typeof listen>>;
  const received: Array<{
    body: string;
    timestamp?: string;
    signature?: string;
    accepted: boolean;
  }> = [];

  beforeAll(async () => {
    const app = express();
    app.post(
      '/slack/interactions',
      express.raw({ type: 'application/x-www-form-urlencoded' }),
      (req, res) => {
        const body = req.body.toString('utf8');
        const timestamp = req.get('x-slack-request-timestamp');
        const signature = req.get('x-slack-signature');
        const accepted = verifySlack(
          sandbox.credentials.slack.signingSecret,
          body,
          timestamp,
          signature,
        );
        received.push({ body, timestamp, signature, accepted });
        res.status(accepted ? 200 : 401).send(accepted ? '' : 'bad signature');
      },
    );
    endpoint = await listen(app);
    sandbox = await startSandbox({
      activity: false,
      slack: { interactivityUrl: `${endpoint.url}/slack/interactions` },
    });
    slack = new WebClient(sandbox.credentials.slack.botToken, {
      slackApiUrl: sandbox.urls.slack,
      retryConfig: { retries: 0 },
    });
  });
  afterAll(async () => {
    await sandbox.stop();
    await close(endpoint.server);
  });

  it('looks people up by e-mail and id, and opens a DM', async () => {
    const { user } = await slack.users.lookupByEmail({
      email: 'olivia.chen@acme.example.com',
    });
    expect(user).toMatchObject({
      real_name: 'Olivia Chen',
      profile: { email: 'olivia.chen@acme.example.com' },
    });
    expect(user!.id).toMatch(/^U[A-Za-z0-9]{10}$/);
    const info = await slack.users.info({ user: user!.id! });
    expect(info.user?.name).toBe('olivia.chen');
    const dm = await slack.conversations.open({ users: user!.id! });
    expect(dm.channel?.id).toMatch(/^D/);
  });

  it('reports an unknown e-mail as a platform error', async () => {
    await expect(
      slack.users.lookupByEmail({ email: 'nobody@acme.example.com' }),
    ).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'users_not_found' },
    });
    const stranger = new WebClient('xoxb-wrong', {
      slackApiUrl: sandbox.urls.slack,
      retryConfig: { retries: 0 },
    });
    await expect(
      stranger.users.lookupByEmail({ email: 'olivia.chen@acme.example.com' }),
    ).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  async function postApproval() {
    const { user } = await slack.users.lookupByEmail({
      email: 'olivia.chen@acme.example.com',
    });
    const posted = await slack.chat.postMessage({
      channel: user!.id!,
      text: 'Emma Jones asks for Figma Editor',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Emma Jones* asks for *Figma Editor*',
          },
        },
        {
          type: 'actions',
          block_id: 'request:req-42',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              style: 'primary',
              value: 'req-42',
              text: { type: 'plain_text', text: 'Approve' },
            },
            {
              type: 'button',
              action_id: 'deny',
              style: 'danger',
              value: 'req-42',
              text: { type: 'plain_text', text: 'Deny' },
            },
          ],
        },
      ],
    });
    return { posted, approver: user! };
  }

  it('keeps posted messages with their blocks and updates them', async () => {
    const { posted } = await postApproval();
    expect(posted.channel).toMatch(/^D/);
    const stored = sandbox.state.workspace.find(posted.channel!, posted.ts!)!;
    expect(stored.blocks[1].elements.map((e: any) => e.action_id)).toEqual([
      'approve',
      'deny',
    ]);

    const updated = await slack.chat.update({
      channel: posted.channel!,
      ts: posted.ts!,
      text: 'Approved by Olivia Chen',
      blocks: [],
    });
    expect(updated.ok).toBe(true);
    expect(stored).toMatchObject({
      text: 'Approved by Olivia Chen',
      blocks: [],
      updates: 1,
    });
    await expect(
      slack.chat.update({ channel: posted.channel!, ts: '1.2', text: 'x' }),
    ).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('delivers a button click signed the way Slack signs it', async () => {
    const { posted, approver } = await postApproval();
    const result = await sandbox.state.workspace.click({
      channel: posted.channel!,
      ts: posted.ts!,
      actionId: 'approve',
    });
    expect(result.status).toBe(200);
    const delivery = received[received.length - 1];
    expect(delivery.accepted).toBe(true);
    const payload = JSON.parse(
      new URLSearchParams(delivery.body).get('payload')!,
    );
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: approver.id },
      container: { message_ts: posted.ts, channel_id: posted.channel },
      actions: [
        { action_id: 'approve', block_id: 'request:req-42', value: 'req-42' },
      ],
    });

    // The verifier rejects a tampered body and a stale timestamp.
    const tampered = delivery.body.replace('approve', 'deny');
    expect(
      verifySlack(
        sandbox.credentials.slack.signingSecret,
        tampered,
        delivery.timestamp,
        delivery.signature,
      ),
    ).toBe(false);
    const stale = await sandbox.state.workspace.click({
      channel: posted.channel!,
      ts: posted.ts!,
      actionId: 'deny',
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(stale.status).toBe(401);
    expect(received[received.length - 1].accepted).toBe(false);
  });

  it('clicks through the inspector API', async () => {
    const { posted } = await postApproval();
    const res = await fetch(
      `${sandbox.urls.inspector}/api/slack/messages/${posted.channel}/${posted.ts}/click`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ actionId: 'deny' }),
      },
    );
    expect(await res.json()).toMatchObject({ delivered: true, status: 200 });
    const missing = await fetch(
      `${sandbox.urls.inspector}/api/slack/messages/${posted.channel}/${posted.ts}/click`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ actionId: 'nope' }),
      },
    );
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(
      /no button with action_id nope/,
    );
  });

  it('keeps metadata and threads, and lists a conversation newest first', async () => {
    const { posted } = await postApproval();
    const channel = posted.channel!;
    const tagged = await slack.chat.postMessage({
      channel,
      text: 'Tagged',
      metadata: { event_type: 'app_message', event_payload: { key: 'k-1' } },
    });
    const quiet = await slack.chat.postMessage({
      channel,
      text: 'Only in the thread',
      thread_ts: posted.ts!,
    });
    const loud = await slack.chat.postMessage({
      channel,
      text: 'Also in the channel',
      thread_ts: posted.ts!,
      reply_broadcast: true,
    });
    expect(sandbox.state.workspace.find(channel, quiet.ts!)?.threadTs).toBe(
      posted.ts,
    );

    const plain = await slack.conversations.history({ channel, limit: 2 });
    expect(plain.messages!.map(m => m.text)).toEqual([
      'Also in the channel',
      'Tagged',
    ]);
    expect(plain.messages![0]).toMatchObject({
      ts: loud.ts,
      thread_ts: posted.ts,
    });
    // Metadata is returned only when asked for.
    expect(plain.messages![1].metadata).toBeUndefined();
    expect(plain.has_more).toBe(true);
    const next = await slack.conversations.history({
      channel,
      limit: 1,
      cursor: plain.response_metadata!.next_cursor,
      include_all_metadata: true,
    });
    expect(next.messages!.map(m => m.text)).toEqual([
      'Emma Jones asks for Figma Editor',
    ]);
    const withMetadata = await slack.conversations.history({
      channel,
      include_all_metadata: true,
    });
    expect(
      withMetadata.messages!.find(m => m.ts === tagged.ts)?.metadata,
    ).toEqual({ event_type: 'app_message', event_payload: { key: 'k-1' } });

    await expect(
      slack.conversations.history({ channel: 'D0NOPE00000' }),
    ).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(
      slack.chat.postMessage({ channel, text: 'x', metadata: 'nope' as any }),
    ).rejects.toMatchObject({ data: { error: 'invalid_metadata_format' } });
  });

  it("takes ephemeral and replacing responses at a click's response_url, five times", async () => {
    const { posted } = await postApproval();
    const someone = sandbox.state.workspace.users.find(
      u => u.email === 'liam.patel@acme.example.com',
    )!;
    const { payload } = await sandbox.state.workspace.click({
      channel: posted.channel!,
      ts: posted.ts!,
      actionId: 'approve',
      userId: someone.id,
    });
    const url: string = payload.response_url;
    expect(
      url.startsWith(`${sandbox.urls.slack.replace(/api\/$/, '')}actions/`),
    ).toBe(true);
    const respond = (body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect(
      (
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'Only you can see this',
        })
      ).status,
    ).toBe(200);
    expect(sandbox.state.workspace.responses.at(-1)).toMatchObject({
      channel: posted.channel,
      ts: posted.ts,
      user: someone.id,
      responseType: 'ephemeral',
      replaceOriginal: false,
      text: 'Only you can see this',
    });
    const original = sandbox.state.workspace.find(posted.channel!, posted.ts!)!;
    expect(original.text).toBe('Emma Jones asks for Figma Editor');

    await respond({ replace_original: true, text: 'Replaced', blocks: [] });
    expect(original).toMatchObject({ text: 'Replaced', blocks: [] });

    for (let i = 0; i < 3; i++) await respond({ text: `use ${i + 3}` });
    const sixth = await respond({ text: 'one too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    const unknown = await fetch(url.replace(/[0-9a-f]{24}$/, '0'.repeat(24)), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"x"}',
    });
    expect(unknown.status).toBe(404);
  });

  it('answers 429 with Retry-After, which the client waits out', async () => {
    sandbox.state.faults.failNext('slack', 1, '429');
    const patient = new WebClient(sandbox.credentials.slack.botToken, {
      slackApiUrl: sandbox.urls.slack,
      retryConfig: { retries: 1, factor: 1, minTimeout: 10 },
    });
    const limited: number[] = [];
    patient.on(WebClientEvent.RATE_LIMITED, (seconds: number) =>
      limited.push(seconds),
    );
    const { user } = await patient.users.lookupByEmail({
      email: 'emma.jones@acme.example.com',
    });
    expect(user?.real_name).toBe('Emma Jones');
    expect(limited).toEqual([1]);
  });
});
