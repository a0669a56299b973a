import express from 'express';
import { Faults } from '../faults';
import {
  RESPONSE_URL_USES,
  SlackMessage,
  SlackResponse,
  SlackUser,
  SlackWorkspace,
} from './server';
import { addEphemeral } from './delivery';
import { addViewMethods } from './viewsApi';

/** Slack's `metadata` argument: a JSON object with event_type and event_payload. */
function parseMetadata(
  raw: unknown,
): SlackMessage['metadata'] | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  try {
    const m = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (
      typeof m?.event_type !== 'string' ||
      typeof m?.event_payload !== 'object' ||
      m.event_payload === null
    )
      return 'invalid';
    return { event_type: m.event_type, event_payload: m.event_payload };
  } catch {
    return 'invalid';
  }
}

function messageJson(m: SlackMessage, withMetadata: boolean) {
  return {
    type: 'message',
    text: m.text,
    blocks: m.blocks,
    ts: m.ts,
    bot_id: 'B0SANDBOX',
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.threadTs && m.broadcast ? { subtype: 'thread_broadcast' } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
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
    const metadata = parseMetadata(req.body?.metadata);
    if (metadata === 'invalid') return fail(res, 'invalid_metadata_format');
    const threadTs = param(req, 'thread_ts');
    const message: SlackMessage = {
      channel: target.channel,
      ts: workspace.nextTs(),
      text,
      blocks,
      recipient: target.recipient,
      ...(threadTs
        ? {
            threadTs,
            broadcast: ['true', '1'].includes(
              param(req, 'reply_broadcast') ?? '',
            ),
          }
        : {}),
      ...(metadata ? { metadata } : {}),
      updates: 0,
      postedAt: new Date().toISOString(),
    };
    workspace.messages.push(message);
    return ok(res, {
      channel: message.channel,
      ts: message.ts,
      message: messageJson(message, true),
    });
  });
  // Newest first, like Slack: top-level messages and replies also sent to
  // the channel; metadata only with include_all_metadata.
  app.post('/api/conversations.history', (req, res) => {
    const channel = param(req, 'channel') ?? '';
    const known =
      workspace.users.some(u => workspace.dmChannel(u.id) === channel) ||
      workspace.messages.some(m => m.channel === channel);
    if (!known) return fail(res, 'channel_not_found');
    const limit = Math.min(
      Math.max(Number(param(req, 'limit') ?? 100) || 100, 1),
      999,
    );
    const offset = Number(
      Buffer.from(param(req, 'cursor') ?? '', 'base64').toString() || 0,
    );
    const withMetadata = ['true', '1'].includes(
      param(req, 'include_all_metadata') ?? '',
    );
    const all = workspace.messages
      .filter(
        m =>
          m.channel === channel && !m.ephemeral && (!m.threadTs || m.broadcast),
      )
      .reverse();
    const page = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    return ok(res, {
      messages: page.map(m => messageJson(m, withMetadata)),
      has_more: more,
      response_metadata: {
        next_cursor: more
          ? Buffer.from(String(offset + limit)).toString('base64')
          : '',
      },
    });
  });
  app.post('/api/chat.update', (req, res) => {
    const message = workspace.find(
      param(req, 'channel') ?? '',
      param(req, 'ts') ?? '',
    );
    // Ephemeral messages change through their response_url only.
    if (!message || message.ephemeral) return fail(res, 'message_not_found');
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
  addViewMethods(app, workspace, param);
  app.post('/api/:method', (_req, res) => fail(res, 'unknown_method'));

  // A click's response_url (hooks.slack.com/actions/... in Slack): no
  // token, JSON body; five uses within 30 minutes.
  app.post('/actions/:team/:id', (req, res) => {
    const url = workspace.responseUrls.get(
      `${req.params.team}/${req.params.id}`,
    );
    if (!url || url.until < Date.now())
      return res.status(404).json({ ok: false, error: 'expired_url' });
    if (url.uses >= RESPONSE_URL_USES)
      return res.status(404).json({ ok: false, error: 'used_url' });
    url.uses++;
    const body = req.body ?? {};
    const blocks = parseBlocks(body.blocks);
    if (blocks === 'invalid')
      return res.status(400).json({ ok: false, error: 'invalid_blocks' });
    const truthy = (v: unknown) => v === true || v === 'true';
    const response: SlackResponse = {
      channel: url.channel,
      ts: url.ts,
      user: url.user,
      responseType:
        body.response_type === 'in_channel' ? 'in_channel' : 'ephemeral',
      replaceOriginal: truthy(body.replace_original),
      deleteOriginal: truthy(body.delete_original),
      text: body.text === undefined ? '' : String(body.text),
      blocks,
      at: new Date().toISOString(),
    };
    workspace.responses.push(response);
    const original = url.ts ? workspace.find(url.channel, url.ts) : undefined;
    if (!url.ts) {
      // A slash command's response_url: a new message, ephemeral to the
      // person or in the channel. (A click's new answers are kept in
      // `responses` only.)
      if (response.text || blocks.length) {
        if (response.responseType === 'ephemeral') {
          addEphemeral(workspace, url.channel, url.user, {
            text: response.text,
            blocks,
          });
        } else {
          workspace.messages.push({
            channel: url.channel,
            ts: workspace.nextTs(),
            text: response.text,
            blocks,
            updates: 0,
            postedAt: response.at,
          });
        }
      }
    } else if (original && response.deleteOriginal) {
      workspace.messages.splice(workspace.messages.indexOf(original), 1);
    } else if (original && response.replaceOriginal) {
      original.text = response.text || original.text;
      if (body.blocks !== undefined) original.blocks = blocks;
      original.updates++;
    }
    return res.json({ ok: true });
  });
  return app;
}
