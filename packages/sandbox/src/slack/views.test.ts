import { WebClient } from '@slack/web-api';
import express from 'express';
import { createHmac } from 'node:crypto';
import { close, listen } from '../http';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

const option = (value: string) => ({
  text: { type: 'plain_text', text: value },
  value,
});

/** A modal with a dispatching app select, a tier select once chosen, a reason. */
function modal(app?: string) {
  return {
    type: 'modal',
    callback_id: 'request',
    private_metadata: app ?? '',
    title: { type: 'plain_text', text: 'Request an app' },
    submit: { type: 'plain_text', text: 'Request' },
    blocks: [
      {
        type: 'input',
        block_id: 'app',
        dispatch_action: true,
        label: { type: 'plain_text', text: 'App' },
        element: {
          type: 'static_select',
          action_id: 'app',
          options: [option('figma'), option('miro')],
        },
      },
      ...(app
        ? [
            {
              type: 'input',
              block_id: 'tier',
              label: { type: 'plain_text', text: 'Tier' },
              element: {
                type: 'static_select',
                action_id: 'tier',
                options: [option('viewer'), option('editor')],
              },
            },
          ]
        : []),
      {
        type: 'input',
        block_id: 'why',
        label: { type: 'plain_text', text: 'Why' },
        element: { type: 'plain_text_input', action_id: 'why' },
      },
    ],
  };
}

describe('Slack modals and slash commands through @slack/web-api', () => {
  let sandbox: Sandbox;
  let slack: WebClient;
  let endpoint: Awaited<ReturnType<typeof listen>>;
  const commands: Array<Record<string, string>> = [];
  const interactions: any[] = [];
  let answerSubmission: (payload: any) => object | undefined = () => undefined;

  const verified = (req: express.Request, body: string) => {
    const ts = req.get('x-slack-request-timestamp');
    const expected = `v0=${createHmac(
      'sha256',
      sandbox.credentials.slack.signingSecret,
    )
      .update(`v0:${ts}:${body}`)
      .digest('hex')}`;
    return req.get('x-slack-signature') === expected;
  };

  beforeAll(async () => {
    const app = express();
    app.use(express.raw({ type: () => true }));
    app.post('/commands', async (req, res) => {
      const body = req.body.toString('utf8');
      if (!verified(req, body)) return res.status(401).end();
      const fields = Object.fromEntries(new URLSearchParams(body));
      commands.push(fields);
      if (fields.text === 'help') return res.json({ text: 'What I do' });
      await slack.views.open({
        trigger_id: fields.trigger_id,
        view: modal() as any,
      });
      return res.status(200).end();
    });
    app.post('/interactivity', async (req, res) => {
      const body = req.body.toString('utf8');
      if (!verified(req, body)) return res.status(401).end();
      const payload = JSON.parse(new URLSearchParams(body).get('payload')!);
      interactions.push(payload);
      if (payload.type === 'block_actions' && !payload.view) {
        return res.status(200).end();
      }
      if (payload.type === 'block_actions') {
        const chosen = payload.actions[0].selected_option.value;
        await slack.views.update({
          view_id: payload.view.id,
          hash: payload.view.hash,
          view: modal(chosen) as any,
        });
        return res.status(200).end();
      }
      const answer = answerSubmission(payload);
      return answer ? res.json(answer) : res.status(200).end();
    });
    endpoint = await listen(app);
    sandbox = await startSandbox({
      activity: false,
      slack: {
        interactivityUrl: `${endpoint.url}/interactivity`,
        commandUrl: `${endpoint.url}/commands`,
      },
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

  const emma = () =>
    sandbox.state.workspace.users.find(u => u.name === 'emma.jones')!;

  it('delivers a signed slash command and shows its answer to the person alone', async () => {
    const ws = sandbox.state.workspace;
    const typed = await ws.command({
      command: '/productiv',
      text: 'help',
      userId: emma().id,
    });
    expect(typed.status).toBe(200);
    expect(commands.at(-1)).toMatchObject({
      command: '/productiv',
      text: 'help',
      user_id: emma().id,
      channel_id: ws.dmChannel(emma().id),
      trigger_id: expect.any(String),
      response_url: expect.stringContaining('/actions/T0SANDBOX/'),
    });
    expect(typed.shown).toMatchObject({
      text: 'What I do',
      ephemeral: true,
      recipient: emma().id,
    });
    // Not in the history; chat.update cannot change it.
    const history = await slack.conversations.history({
      channel: ws.dmChannel(emma().id),
    });
    expect(history.messages?.some(m => m.ts === typed.shown!.ts)).toBe(false);
    await expect(
      slack.chat.update({
        channel: typed.shown!.channel,
        ts: typed.shown!.ts,
        text: 'changed',
      }),
    ).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    // The command's response_url adds another ephemeral message.
    const later = await fetch(commands.at(-1)!.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Later' }),
    });
    expect(later.status).toBe(200);
    expect(ws.messages.at(-1)).toMatchObject({
      text: 'Later',
      ephemeral: true,
      recipient: emma().id,
    });
  });

  it('opens a modal with the trigger, updates it on a select, keeps the state and takes errors on submit', async () => {
    const ws = sandbox.state.workspace;
    await ws.command({ command: '/productiv', text: '', userId: emma().id });
    const view = ws.topView(emma().id)!;
    expect(view.view.title.text).toBe('Request an app');
    // A trigger works once.
    await expect(
      slack.views.open({
        trigger_id: commands.at(-1)!.trigger_id,
        view: modal() as any,
      }),
    ).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });

    await ws.enterInView({
      viewId: view.id,
      actionId: 'why',
      value: 'Reviews',
    });
    const chose = await ws.enterInView({
      viewId: view.id,
      actionId: 'app',
      value: 'figma',
    });
    expect(chose.delivered?.status).toBe(200);
    expect(interactions.at(-1)).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: view.id },
      actions: [
        {
          action_id: 'app',
          block_id: 'app',
          selected_option: { value: 'figma' },
        },
      ],
      view: { state: { values: { why: { why: { value: 'Reviews' } } } } },
    });
    // Updated with the tiers; what was typed stays.
    expect(view.updates).toBe(1);
    expect(view.view.blocks.map((b: any) => b.block_id)).toEqual([
      'app',
      'tier',
      'why',
    ]);
    expect(view.values.why.why.value).toBe('Reviews');
    expect(view.values.app.app.selected_option.value).toBe('figma');

    answerSubmission = p =>
      p.view.state.values.tier.tier.selected_option
        ? undefined
        : { response_action: 'errors', errors: { tier: 'Choose a tier' } };
    const refused = await ws.submitView({ viewId: view.id });
    expect(refused.outcome).toBe('errors');
    expect(view).toMatchObject({
      open: true,
      errors: { tier: 'Choose a tier' },
    });
    expect(interactions.at(-1)).toMatchObject({
      type: 'view_submission',
      view: { id: view.id, callback_id: 'request', private_metadata: 'figma' },
    });

    await ws.enterInView({
      viewId: view.id,
      actionId: 'tier',
      value: 'editor',
    });
    const accepted = await ws.submitView({ viewId: view.id });
    expect(accepted.outcome).toBe('closed');
    expect(view.open).toBe(false);
    expect(ws.topView(emma().id)).toBeUndefined();
  });

  it('refuses what Slack refuses: errors on a non-input block, stale hashes, too many options, old triggers', async () => {
    const ws = sandbox.state.workspace;
    await ws.command({ command: '/productiv', userId: emma().id });
    const view = ws.topView(emma().id)!;
    answerSubmission = () => ({
      response_action: 'errors',
      errors: { nowhere: 'No such block' },
    });
    expect((await ws.submitView({ viewId: view.id })).outcome).toBe('failed');
    expect(view.open).toBe(true);

    const { hash } = view;
    await ws.enterInView({ viewId: view.id, actionId: 'app', value: 'miro' });
    await expect(
      slack.views.update({ view_id: view.id, hash, view: modal() as any }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });

    const big = modal('figma');
    (big.blocks[1] as any).element.options = Array.from(
      { length: 101 },
      (_, i) => option(`app-${i}`),
    );
    await expect(
      slack.views.update({ view_id: view.id, view: big as any }),
    ).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: {
          messages: [expect.stringContaining('/view/blocks/1/element/options')],
        },
      },
    });

    const old = ws.issueTrigger(emma().id);
    ws.triggers.get(old)!.issuedAtMs -= 4000;
    await expect(
      slack.views.open({ trigger_id: old, view: modal() as any }),
    ).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
    await expect(
      slack.views.open({ trigger_id: 'made-up', view: modal() as any }),
    ).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
  });

  it('replaces an ephemeral message through the response_url of a click on it', async () => {
    const ws = sandbox.state.workspace;
    const shown = (
      await ws.command({
        command: '/productiv',
        text: 'help',
        userId: emma().id,
      })
    ).shown!;
    shown.blocks = [
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'go',
            text: { type: 'plain_text', text: 'Go' },
          },
        ],
      },
    ];
    answerSubmission = () => undefined;
    const clicked = await ws.click({
      channel: shown.channel,
      ts: shown.ts,
      actionId: 'go',
    });
    expect(clicked.payload.container).toMatchObject({ is_ephemeral: true });
    expect(clicked.payload.message).toBeUndefined();
    await fetch(clicked.payload.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Done' }),
    });
    expect(shown).toMatchObject({ text: 'Done', updates: 1 });
  });
});
