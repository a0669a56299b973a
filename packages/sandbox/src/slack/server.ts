import express from 'express';
import { createHmac } from 'node:crypto';
import { Faults } from '../faults';
import { stableId } from '../state/ids';
import { Org } from '../state/org';

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
  updates: number;
  postedAt: string;
};

export type SlackOptions = {
  botToken: string;
  signingSecret: string;
  /** Where button clicks are POSTed (the app's Interactivity Request URL). */
  interactivityUrl?: string;
};

/** Slack workspace state: users from the demo organization, DMs and messages. */
export class SlackWorkspace {
  readonly users: SlackUser[];
  readonly messages: SlackMessage[] = [];
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
        is_ephemeral: false,
      },
      trigger_id: `${now}.sandbox.${this.counter}`,
      team: { id: 'T0SANDBOX', domain: 'acme-sandbox' },
      channel: { id: message.channel, name: 'directmessage' },
      message: {
        type: 'message',
        ts: message.ts,
        text: message.text,
        blocks: message.blocks,
      },
      response_url: `${url.replace(/\/$/, '')}/sandbox-response/${message.ts}`,
      actions: [
        {
          type: action.type,
          action_id: action.action_id,
          block_id: blockId,
          value: action.value,
          text: action.text,
          action_ts: `${now}.000100`,
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

function userJson(u: SlackUser) {
  return {
    id: u.id,
    team_id: 'T0SANDBOX',
    name: u.name,
    real_name: u.realName,
    deleted: false,
    is_bot: false,
    tz: 'Etc/UTC',
    profile: {
      email: u.email,
      real_name: u.realName,
      display_name: u.realName.split(' ')[0],
    },
  };
}

/** The Slack Web API slice of the sandbox (`POST /api/<method>`). */
export function createSlackApp(deps: {
  workspace: SlackWorkspace;
  faults: Faults;
}): express.Express {
  const { workspace, faults } = deps;
  const app = express();
  app.set('etag', false);
  app.use(express.urlencoded({ extended: false, limit: '2mb' }));
  app.use(express.json({ limit: '2mb' }));
  app.use(
    faults.middleware(
      'slack',
      res =>
        res
          .status(429)
          .setHeader('Retry-After', '1')
          .json({ ok: false, error: 'ratelimited' }),
      res => res.status(500).send('Internal Server Error'),
    ),
  );

  const ok = (res: express.Response, body: object) =>
    res.json({ ok: true, ...body });
  const fail = (res: express.Response, error: string) =>
    res.json({ ok: false, error });

  app.use('/api', (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ')
      ? header.slice(7)
      : req.body?.token;
    if (!token) return fail(res, 'not_authed');
    if (token !== workspace.options.botToken) return fail(res, 'invalid_auth');
    return next();
  });

  const param = (req: express.Request, name: string): string | undefined => {
    const v = req.body?.[name] ?? req.query[name];
    return v === undefined ? undefined : String(v);
  };
  const parseBlocks = (raw: unknown): any[] | 'invalid' => {
    if (raw === undefined) return [];
    try {
      const blocks = typeof raw === 'string' ? JSON.parse(raw) : raw;
      return Array.isArray(blocks) ? blocks : 'invalid';
    } catch {
      return 'invalid';
    }
  };
  const resolveChannel = (channel: string) => {
    const user = workspace.users.find(u => u.id === channel);
    if (user)
      return { channel: workspace.dmChannel(user.id), recipient: user.id };
    const dmOf = workspace.users.find(
      u => workspace.dmChannel(u.id) === channel,
    );
    if (dmOf) return { channel, recipient: dmOf.id };
    if (/^[CG][A-Z0-9]{8,}$/.test(channel) || channel.startsWith('#'))
      return { channel };
    return undefined;
  };

  app.post('/api/users.lookupByEmail', (req, res) => {
    const email = param(req, 'email');
    if (!email) return fail(res, 'invalid_arguments');
    const user = workspace.users.find(
      u => u.email.toLowerCase() === email.toLowerCase(),
    );
    return user
      ? ok(res, { user: userJson(user) })
      : fail(res, 'users_not_found');
  });
  app.post('/api/users.info', (req, res) => {
    const user = workspace.users.find(u => u.id === param(req, 'user'));
    return user
      ? ok(res, { user: userJson(user) })
      : fail(res, 'user_not_found');
  });
  app.post('/api/conversations.open', (req, res) => {
    const users = (param(req, 'users') ?? '').split(',').filter(Boolean);
    if (users.length !== 1)
      return fail(
        res,
        users.length ? 'not_supported' : 'users_list_not_supplied',
      );
    const user = workspace.users.find(u => u.id === users[0]);
    if (!user) return fail(res, 'user_not_found');
    return ok(res, {
      channel: { id: workspace.dmChannel(user.id), is_im: true, user: user.id },
    });
  });
  app.post('/api/chat.postMessage', (req, res) => {
    const channelParam = param(req, 'channel');
    if (!channelParam) return fail(res, 'channel_not_found');
    const target = resolveChannel(channelParam);
    if (!target) return fail(res, 'channel_not_found');
    const blocks = parseBlocks(req.body?.blocks);
    if (blocks === 'invalid') return fail(res, 'invalid_blocks');
    const text = param(req, 'text') ?? '';
    if (!text && blocks.length === 0) return fail(res, 'no_text');
    const message: SlackMessage = {
      channel: target.channel,
      ts: workspace.nextTs(),
      text,
      blocks,
      recipient: target.recipient,
      updates: 0,
      postedAt: new Date().toISOString(),
    };
    workspace.messages.push(message);
    return ok(res, {
      channel: message.channel,
      ts: message.ts,
      message: {
        type: 'message',
        text,
        blocks,
        ts: message.ts,
        bot_id: 'B0SANDBOX',
      },
    });
  });
  app.post('/api/chat.update', (req, res) => {
    const message = workspace.find(
      param(req, 'channel') ?? '',
      param(req, 'ts') ?? '',
    );
    if (!message) return fail(res, 'message_not_found');
    const blocks = parseBlocks(req.body?.blocks);
    if (blocks === 'invalid') return fail(res, 'invalid_blocks');
    message.text = param(req, 'text') ?? message.text;
    if (req.body?.blocks !== undefined) message.blocks = blocks;
    message.updates++;
    return ok(res, {
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: { text: message.text, blocks: message.blocks },
    });
  });
  app.post('/api/auth.test', (_req, res) =>
    ok(res, {
      url: 'https://acme-sandbox.slack.com/',
      team: 'Acme',
      user: 'productiv',
      team_id: 'T0SANDBOX',
      user_id: 'U0BOT00000',
      bot_id: 'B0SANDBOX',
    }),
  );
  app.post('/api/:method', (_req, res) => fail(res, 'unknown_method'));
  return app;
}
