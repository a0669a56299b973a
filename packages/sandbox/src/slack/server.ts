import { createHmac, randomBytes } from 'node:crypto';
import { stableId } from '../state/ids';
import { Org } from '../state/org';
import { deliverCommand, enterInView, submitView } from './delivery';
import {
  newHash,
  SlackTrigger,
  SlackView,
  stateFor,
  TRIGGER_TTL_MS,
  withBlockIds,
} from './views';

export type SlackUser = {
  id: string;
  name: string;
  realName: string;
  email: string;
};

export type SlackMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  /** Who the DM is with, when the channel is a direct message. */
  recipient?: string;
  /** The parent's ts when the message is a threaded reply. */
  threadTs?: string;
  /** A threaded reply also shown in the channel (`reply_broadcast`). */
  broadcast?: boolean;
  /**
   * Shown to `recipient` only (an answer to a slash command or a click):
   * not in the history, and chat.update cannot change it.
   */
  ephemeral?: boolean;
  /** Message metadata (`event_type`, `event_payload`) sent with it. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  updates: number;
  postedAt: string;
};

/** What an app POSTed to a click's `response_url`. */
export type SlackResponse = {
  /** The message whose button was clicked (`ts` empty for a slash command's). */
  channel: string;
  ts: string;
  /** Who clicked: an ephemeral response is shown to this user only. */
  user: string;
  responseType: 'ephemeral' | 'in_channel';
  replaceOriginal: boolean;
  deleteOriginal: boolean;
  text: string;
  blocks: any[];
  at: string;
};

/** Slack accepts five responses per response_url, for 30 minutes. */
export const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export type SlackOptions = {
  botToken: string;
  signingSecret: string;
  /** Where button clicks are POSTed (the app's Interactivity Request URL). */
  interactivityUrl?: string;
  /** Where slash commands are POSTed (the command's Request URL). */
  commandUrl?: string;
  /**
   * Base of the `response_url`s handed out with clicks (the sandbox's own
   * Slack server, `<slack>/actions`); set once the server listens.
   */
  responseUrlBase?: string;
};

/** Slack workspace state: users from the demo organization, DMs and messages. */
export class SlackWorkspace {
  readonly users: SlackUser[];
  readonly messages: SlackMessage[] = [];
  /** Everything apps sent to response_urls, oldest first. */
  readonly responses: SlackResponse[] = [];
  readonly responseUrls = new Map<
    string,
    { channel: string; ts: string; user: string; uses: number; until: number }
  >();
  /** Modals opened with views.open / views.push, by view id. */
  readonly views = new Map<string, SlackView>();
  /** trigger_ids handed out with commands and interactions. */
  readonly triggers = new Map<string, SlackTrigger>();
  private clock = 1_764_000_000;
  private counter = 0;

  constructor(org: Org, readonly options: SlackOptions) {
    this.users = org.people.map(p => ({
      id: stableId('U', `slack:${p.email}`, 11),
      name: p.name,
      realName: p.displayName,
      email: p.email,
    }));
  }

  dmChannel(userId: string): string {
    return stableId('D', `dm:${userId}`, 11);
  }

  nextTs(): string {
    this.counter++;
    return `${this.clock + this.counter}.${String(this.counter).padStart(
      6,
      '0',
    )}`;
  }

  nextCounter(): number {
    return ++this.counter;
  }

  /** A trigger_id for `user`, as Slack sends with a command or interaction. */
  issueTrigger(user: string): string {
    const id = `${Math.floor(
      Date.now() / 1000,
    )}.${this.nextCounter()}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { user, issuedAtMs: Date.now(), used: false });
    return id;
  }

  /** A trigger_id's user, or Slack's error for a bad one; uses it up. */
  useTrigger(id: string): { user: string } | { error: string } {
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (Date.now() - trigger.issuedAtMs > TRIGGER_TTL_MS)
      return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { user: trigger.user };
  }

  /** Opens a (checked) view for `user`, on top of `below` when pushed. */
  addView(user: string, view: any, below?: SlackView): SlackView {
    const blocks = withBlockIds(view.blocks);
    const id = stableId('V', `view:${this.nextCounter()}:${Date.now()}`, 11);
    const added: SlackView = {
      id,
      user,
      hash: newHash(),
      view: { ...view, blocks },
      values: stateFor(blocks),
      errors: {},
      open: true,
      previousViewId: below?.id,
      rootViewId: below?.rootViewId ?? id,
      openedAt: new Date().toISOString(),
      updates: 0,
    };
    this.views.set(id, added);
    return added;
  }

  /** Replaces a view's content; inputs that kept their ids keep their values. */
  replaceView(target: SlackView, view: any): SlackView {
    const blocks = withBlockIds(view.blocks);
    target.view = { ...view, blocks };
    target.values = stateFor(blocks, target.values);
    target.errors = {};
    target.hash = newHash();
    target.updates++;
    return target;
  }

  /** Types a slash command as `userId` (see {@link deliverCommand}). */
  command(options: Parameters<typeof deliverCommand>[1]) {
    return deliverCommand(this, options);
  }

  /** Enters a value into an open view's input (see {@link enterInView}). */
  enterInView(options: Parameters<typeof enterInView>[1]) {
    return enterInView(this, options);
  }

  /** Submits an open view (see {@link submitView}). */
  submitView(options: Parameters<typeof submitView>[1]) {
    return submitView(this, options);
  }

  /** The open view `user` sees on top, if any. */
  topView(user: string): SlackView | undefined {
    return [...this.views.values()]
      .filter(v => v.user === user && v.open)
      .at(-1);
  }

  find(channel: string, ts: string): SlackMessage | undefined {
    return this.messages.find(m => m.channel === channel && m.ts === ts);
  }

  /**
   * Clicks a button of a message like a person in Slack: builds the
   * block_actions payload, signs it with the signing secret (v0 HMAC over
   * timestamp and body) and POSTs it to the interactivity URL.
   */
  async click(options: {
    channel: string;
    ts: string;
    actionId: string;
    userId?: string;
    timestamp?: number;
  }): Promise<{ status: number; body: string; payload: any }> {
    const message = this.find(options.channel, options.ts);
    if (!message)
      throw new Error(`No message ${options.ts} in channel ${options.channel}`);
    let action: any;
    let blockId: string | undefined;
    for (const block of message.blocks) {
      for (const el of block.elements ??
        (block.accessory ? [block.accessory] : [])) {
        if (el.action_id === options.actionId) {
          action = el;
          blockId = block.block_id;
        }
      }
    }
    if (!action)
      throw new Error(
        `The message has no button with action_id ${options.actionId}`,
      );
    const url = this.options.interactivityUrl;
    if (!url)
      throw new Error(
        'No interactivity URL is configured for the Slack sandbox',
      );
    const clicker = this.users.find(
      u => u.id === (options.userId ?? message.recipient),
    );
    if (!clicker)
      throw new Error(
        `Unknown Slack user ${options.userId ?? message.recipient}`,
      );
    const now = Math.floor(Date.now() / 1000);
    // Unguessable, like Slack's hooks.slack.com/actions/... URLs.
    const responseId = `T0SANDBOX/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(responseId, {
      channel: message.channel,
      ts: message.ts,
      user: clicker.id,
      uses: 0,
      until: Date.now() + RESPONSE_URL_TTL_MS,
    });
    const payload = {
      type: 'block_actions',
      user: {
        id: clicker.id,
        username: clicker.name,
        name: clicker.name,
        team_id: 'T0SANDBOX',
      },
      api_app_id: 'A0SANDBOX',
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: Boolean(message.ephemeral),
      },
      trigger_id: this.issueTrigger(clicker.id),
      team: { id: 'T0SANDBOX', domain: 'acme-sandbox' },
      channel: { id: message.channel, name: 'directmessage' },
      // Slack leaves an ephemeral message out of the payload.
      ...(message.ephemeral
        ? {}
        : {
            message: {
              type: 'message',
              ts: message.ts,
              text: message.text,
              blocks: message.blocks,
            },
          }),
      response_url: this.options.responseUrlBase
        ? `${this.options.responseUrlBase}/${responseId}`
        : `${url.replace(/\/$/, '')}/sandbox-response/${message.ts}`,
      actions: [
        {
          type: action.type,
          action_id: action.action_id,
          block_id: blockId,
          value: action.value,
          text: action.text,
          // Unique per click, like Slack's (microseconds).
          action_ts: `${now}.${String(this.responseUrls.size).padStart(
            6,
            '0',
          )}`,
        },
      ],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const timestamp = options.timestamp ?? now;
    const signature = `v0=${createHmac('sha256', this.options.signingSecret)
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
    return { status: response.status, body: await response.text(), payload };
  }
}
