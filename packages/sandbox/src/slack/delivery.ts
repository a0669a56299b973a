import { createHmac, randomBytes } from 'node:crypto';
import type { SlackMessage, SlackWorkspace } from './server';
import { elementsOf, enteredValue, invalidView, viewJson } from './views';

/** What the app answered a delivery with. */
export type Delivered = { status: number; body: string; payload: any };

/**
 * POSTs a form-encoded body to an app's Request URL, signed like Slack
 * signs it: v0 HMAC-SHA256 of `v0:timestamp:body` with the signing secret.
 */
export async function postSigned(
  url: string,
  body: string,
  signingSecret: string,
  timestamp: number,
): Promise<{ status: number; body: string }> {
  const signature = `v0=${createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

function userOf(ws: SlackWorkspace, userId: string) {
  const user = ws.users.find(u => u.id === userId);
  if (!user) throw new Error(`Unknown Slack user ${userId}`);
  return user;
}

/** A response_url for `user`, answering in `channel` (about message `ts`, if any). */
function responseUrl(
  ws: SlackWorkspace,
  channel: string,
  user: string,
  ts = '',
): string {
  const id = `T0SANDBOX/${randomBytes(12).toString('hex')}`;
  ws.responseUrls.set(id, {
    channel,
    ts,
    user,
    uses: 0,
    until: Date.now() + 30 * 60 * 1000,
  });
  return `${
    ws.options.responseUrlBase ?? 'http://sandbox.invalid/actions'
  }/${id}`;
}

/** The JSON of an answer, if it is JSON. */
function json(body: string): any {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

/** An ephemeral message: shown to one person, not in any history. */
export function addEphemeral(
  ws: SlackWorkspace,
  channel: string,
  user: string,
  content: { text?: string; blocks?: any[] },
): SlackMessage {
  const message: SlackMessage = {
    channel,
    ts: ws.nextTs(),
    text: content.text ?? '',
    blocks: Array.isArray(content.blocks) ? content.blocks : [],
    recipient: user,
    ephemeral: true,
    updates: 0,
    postedAt: new Date().toISOString(),
  };
  ws.messages.push(message);
  return message;
}

/**
 * Types a slash command like a person in Slack: POSTs Slack's form fields
 * (command, text, user_id, channel_id, trigger_id, response_url...),
 * signed, to the command's Request URL. An answer with a body is shown to
 * the person (ephemeral unless `response_type` is `in_channel`).
 */
export async function deliverCommand(
  ws: SlackWorkspace,
  options: {
    command: string;
    text?: string;
    userId: string;
    /** Where it is typed; the person's DM with the app by default. */
    channelId?: string;
    timestamp?: number;
  },
): Promise<Delivered & { shown?: SlackMessage }> {
  const url = ws.options.commandUrl;
  if (!url)
    throw new Error('No slash command URL is configured for the Slack sandbox');
  const user = userOf(ws, options.userId);
  const channel = options.channelId ?? ws.dmChannel(user.id);
  const payload = {
    token: 'legacy-verification-token',
    team_id: 'T0SANDBOX',
    team_domain: 'acme-sandbox',
    channel_id: channel,
    channel_name: channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: user.id,
    user_name: user.name,
    command: options.command,
    text: options.text ?? '',
    api_app_id: 'A0SANDBOX',
    is_enterprise_install: 'false',
    response_url: responseUrl(ws, channel, user.id),
    trigger_id: ws.issueTrigger(user.id),
  };
  const body = new URLSearchParams(payload).toString();
  const now = Math.floor(Date.now() / 1000);
  const answer = await postSigned(
    url,
    body,
    ws.options.signingSecret,
    options.timestamp ?? now,
  );
  const content = answer.status === 200 ? json(answer.body) : undefined;
  if (answer.status !== 200 || !answer.body) return { ...answer, payload };
  // Plain text answers are shown as they are.
  const shown = content ?? { text: answer.body };
  if (!(shown.text || shown.blocks) || shown.response_type === 'in_channel') {
    return { ...answer, payload };
  }
  return {
    ...answer,
    payload,
    shown: addEphemeral(ws, channel, user.id, shown),
  };
}

function interactivityUrl(ws: SlackWorkspace): string {
  const url = ws.options.interactivityUrl;
  if (!url)
    throw new Error('No interactivity URL is configured for the Slack sandbox');
  return url;
}

function openView(ws: SlackWorkspace, viewId: string) {
  const view = ws.views.get(viewId);
  if (!view || !view.open) throw new Error(`No open view ${viewId}`);
  return view;
}

/** The block and element of a view with this action_id. */
function findElement(blocks: any[], actionId: string) {
  for (const block of blocks) {
    for (const el of elementsOf(block)) {
      if (el.action_id === actionId) return { block, el };
    }
  }
  throw new Error(`The view has no element with action_id ${actionId}`);
}

/**
 * A person enters a value into a view's input (a select's option by value,
 * or text). When the element dispatches (an input block with
 * `dispatch_action`, or an element of an actions block), Slack sends the
 * app a block_actions payload with the view and its state; `delivered` is
 * the app's answer then.
 */
export async function enterInView(
  ws: SlackWorkspace,
  options: { viewId: string; actionId: string; value: string },
): Promise<{ delivered?: Delivered }> {
  const view = openView(ws, options.viewId);
  const { block, el } = findElement(view.view.blocks, options.actionId);
  const value = enteredValue(el, options.value);
  (view.values[block.block_id] ??= {})[el.action_id] = value;
  const dispatches =
    block.type === 'actions' ||
    block.type === 'section' ||
    (block.type === 'input' && block.dispatch_action === true);
  if (!dispatches) return {};
  const user = userOf(ws, view.user);
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    type: 'block_actions',
    user: {
      id: user.id,
      username: user.name,
      name: user.name,
      team_id: 'T0SANDBOX',
    },
    api_app_id: 'A0SANDBOX',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: view.id },
    trigger_id: ws.issueTrigger(user.id),
    team: { id: 'T0SANDBOX', domain: 'acme-sandbox' },
    view: viewJson(view),
    actions: [
      {
        ...value,
        action_id: el.action_id,
        block_id: block.block_id,
        action_ts: `${now}.${String(ws.nextCounter()).padStart(6, '0')}`,
      },
    ],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const answer = await postSigned(
    interactivityUrl(ws),
    body,
    ws.options.signingSecret,
    now,
  );
  return { delivered: { ...answer, payload } };
}

/** How Slack took the app's answer to a submission. */
export type SubmitOutcome =
  | 'closed'
  | 'errors'
  | 'updated'
  | 'pushed'
  | 'cleared'
  /** Slack shows "We had some trouble connecting" and the view stays. */
  | 'failed';

/**
 * A person presses the view's submit button: Slack sends the app a
 * view_submission payload with the view and the state of its inputs. An
 * empty 200 closes the view; `response_action` `errors` (keys: input
 * block_ids) keeps it open with the errors under the inputs, `update`
 * replaces it, `push` adds one on top, `clear` closes them all.
 */
export async function submitView(
  ws: SlackWorkspace,
  options: { viewId: string; timestamp?: number },
): Promise<Delivered & { outcome: SubmitOutcome }> {
  const view = openView(ws, options.viewId);
  const user = userOf(ws, view.user);
  const payload = {
    type: 'view_submission',
    team: { id: 'T0SANDBOX', domain: 'acme-sandbox' },
    user: {
      id: user.id,
      username: user.name,
      name: user.name,
      team_id: 'T0SANDBOX',
    },
    api_app_id: 'A0SANDBOX',
    token: 'legacy-verification-token',
    trigger_id: ws.issueTrigger(user.id),
    view: viewJson(view),
    response_urls: [],
    is_enterprise_install: false,
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const answer = await postSigned(
    interactivityUrl(ws),
    body,
    ws.options.signingSecret,
    options.timestamp ?? Math.floor(Date.now() / 1000),
  );
  const done = (outcome: SubmitOutcome) => ({ ...answer, payload, outcome });
  if (answer.status !== 200) return done('failed');
  const content = json(answer.body);
  if (answer.body && content === undefined) return done('failed');
  switch (content?.response_action) {
    case undefined:
      view.open = false;
      view.errors = {};
      return done('closed');
    case 'errors': {
      const inputs = new Set(
        view.view.blocks
          .filter((b: any) => b.type === 'input')
          .map((b: any) => b.block_id),
      );
      const errors = content.errors ?? {};
      const keys = Object.keys(errors);
      if (!keys.length || keys.some(k => !inputs.has(k))) return done('failed');
      view.errors = errors;
      return done('errors');
    }
    case 'update':
    case 'push': {
      if (invalidView(content.view)) return done('failed');
      if (content.response_action === 'update') {
        ws.replaceView(view, content.view);
        return done('updated');
      }
      ws.addView(user.id, content.view, view);
      return done('pushed');
    }
    case 'clear':
      for (const v of ws.views.values()) {
        if (v.rootViewId === view.rootViewId) v.open = false;
      }
      return done('cleared');
    default:
      return done('failed');
  }
}
