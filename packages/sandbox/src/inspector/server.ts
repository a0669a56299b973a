import express from 'express';
import { SERVICES, ServiceName } from '../faults';
import { answerErrors, handle } from '../http';
import { usageFromLog } from '../okta/usage';
import type { Sandbox } from '../sandbox';
import { INSPECTOR_PAGE } from './page';

class BadRequest extends Error {}

function number(
  value: unknown,
  name: string,
  { min, max }: { min: number; max: number },
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new BadRequest(`${name} must be a number from ${min} to ${max}`);
  return n;
}

function time(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const t = typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(t))
    throw new BadRequest(
      `${name} must be an ISO 8601 time or epoch milliseconds`,
    );
  return t;
}

/**
 * The inspection page and its JSON API: what the sandbox received, actions
 * a person would take in the vendors' UIs (click a Slack button, resolve a
 * ticket), and fault switches. Reads are GETs; every change is a POST/PUT/DELETE.
 */
export function createInspectorApp(deps: {
  sandbox: Sandbox;
  now: () => number;
}): express.Express {
  const { sandbox, now } = deps;
  const s = sandbox.state;
  const app = express();
  app.set('etag', false);
  app.use(express.json());

  app.get('/', (_req, res) => {
    res.type('html').send(INSPECTOR_PAGE);
  });

  app.get('/api/state', (_req, res) => {
    res.json({
      urls: sandbox.urls,
      smtp: sandbox.smtp,
      counts: {
        oktaUsers: s.directory.users.size,
        oktaGroups: s.directory.groups.size,
        oktaApps: s.directory.apps.size,
        ssoEvents: s.log.count,
        slackMessages: s.workspace.messages.length,
        mails: s.inbox.length,
        jiraRequests: s.desk.requests.length,
        zendeskTickets: s.helpdesk.tickets.length,
      },
      oktaRateLimitPerMinute: s.rateLimit.limit,
      slackInteractivityUrl: s.workspace.options.interactivityUrl ?? null,
      slackCommandUrl: s.workspace.options.commandUrl ?? null,
      jiraWebhookUrl: s.desk.options.webhookUrl ?? null,
      zendeskWebhookUrl: s.helpdesk.options.webhookUrl ?? null,
    });
  });

  // Okta
  app.get('/api/okta/users', (_req, res) => {
    res.json(
      [...s.directory.users.values()].map(u => ({
        id: u.id,
        login: u.profile.login,
        displayName: u.profile.displayName,
        status: u.status,
        title: u.profile.title,
        department: u.profile.department,
        managerId: u.profile.managerId ?? null,
      })),
    );
  });
  app.get('/api/okta/groups', (_req, res) => {
    res.json(
      [...s.directory.groups.values()].map(g => ({
        id: g.id,
        name: g.profile.name,
        type: g.type,
        members: [...s.directory.members.get(g.id)!]
          .map(id => s.directory.users.get(id)?.profile.login ?? id)
          .sort(),
      })),
    );
  });
  app.get('/api/okta/apps', (_req, res) => {
    res.json(
      [...s.directory.apps.values()].map(a => ({
        id: a.id,
        name: a.name,
        label: a.label,
        status: a.status,
        groups: [...s.directory.appGroups.get(a.id)!.entries()].map(
          ([gid, asg]) => ({
            id: gid,
            name: s.directory.groups.get(gid)?.profile.name,
            priority: asg.priority,
          }),
        ),
        users: s.directory.appUsers(a.id).map(au => ({
          login: s.directory.users.get(au.userId)?.profile.login ?? au.userId,
          scope: au.scope,
          group: au.groupId
            ? s.directory.groups.get(au.groupId)?.profile.name
            : null,
        })),
      })),
    );
  });
  // Every membership and assignment call, to check that a grant happened once.
  app.get('/api/okta/writes', (_req, res) => {
    const d = s.directory;
    res.json(
      d.writes.map(w => ({
        ...w,
        login: d.users.get(w.userId)?.profile.login ?? null,
        target: w.kind.startsWith('group.')
          ? d.groups.get(w.targetId)?.profile.name ?? null
          : d.apps.get(w.targetId)?.label ?? null,
      })),
    );
  });
  app.get('/api/okta/activity', (_req, res) => {
    res.json({ events: s.log.count });
  });
  app.post(
    '/api/okta/activity',
    handle((req, res) => {
      const result = sandbox.generateActivity({
        days: number(req.body?.days, 'days', { min: 1, max: 3650 }) ?? 90,
        targetEvents: number(req.body?.targetEvents, 'targetEvents', {
          min: 0,
          max: 20_000_000,
        }),
        seed: number(req.body?.seed, 'seed', { min: 0, max: 2 ** 31 }),
        end: time(req.body?.end, 'end'),
        replace: req.body?.replace !== false,
      });
      res.status(201).json({ ...result, total: s.log.count });
    }),
  );
  app.post(
    '/api/okta/events',
    handle((req, res) => {
      const list = req.body?.events;
      if (!Array.isArray(list) || list.length === 0)
        throw new BadRequest('events must be a non-empty array');
      const events = list.map((e: any, i: number) => {
        const user = s.directory.findUser(String(e.userId ?? e.login ?? ''));
        if (!user)
          throw new BadRequest(
            `events[${i}]: unknown user ${e.userId ?? e.login}`,
          );
        if (!s.directory.apps.has(String(e.appId)))
          throw new BadRequest(`events[${i}]: unknown app ${e.appId}`);
        const published = time(e.published, `events[${i}].published`);
        if (published === undefined)
          throw new BadRequest(`events[${i}].published is required`);
        return {
          published,
          userId: user.id,
          appId: String(e.appId),
          visibleAt: time(e.visibleAt, `events[${i}].visibleAt`),
        };
      });
      res.status(201).json({ added: s.log.add(events), total: s.log.count });
    }),
  );
  app.get(
    '/api/okta/usage',
    handle((req, res) => {
      res.json(
        usageFromLog(s.log, {
          now: now(),
          since: time(req.query.since, 'since'),
          until: time(req.query.until, 'until'),
        }),
      );
    }),
  );
  app.put(
    '/api/okta/rate-limit',
    handle((req, res) => {
      const limit = number(req.body?.limitPerMinute, 'limitPerMinute', {
        min: 1,
        max: 1_000_000,
      });
      if (limit === undefined)
        throw new BadRequest('limitPerMinute is required');
      s.rateLimit.limit = limit;
      res.json({ limitPerMinute: limit });
    }),
  );

  // Slack
  app.get('/api/slack/messages', (_req, res) => {
    res.json(
      s.workspace.messages.map(m => ({
        ...m,
        recipientEmail:
          s.workspace.users.find(u => u.id === m.recipient)?.email ?? null,
      })),
    );
  });
  app.get('/api/slack/users', (_req, res) => res.json(s.workspace.users));
  app.put('/api/slack/config', (req, res) => {
    if (req.body?.interactivityUrl !== undefined)
      s.workspace.options.interactivityUrl =
        req.body.interactivityUrl || undefined;
    if (req.body?.commandUrl !== undefined)
      s.workspace.options.commandUrl = req.body.commandUrl || undefined;
    if (req.body?.signingSecret)
      s.workspace.options.signingSecret = String(req.body.signingSecret);
    res.json({
      interactivityUrl: s.workspace.options.interactivityUrl ?? null,
      commandUrl: s.workspace.options.commandUrl ?? null,
    });
  });
  // Modals people have open, with what they entered and the errors shown.
  app.get('/api/slack/views', (_req, res) => {
    res.json(
      [...s.workspace.views.values()]
        .filter(v => v.open)
        .map(v => ({
          id: v.id,
          user: v.user,
          userEmail: s.workspace.users.find(u => u.id === v.user)?.email,
          title: v.view.title?.text ?? '',
          submit: v.view.submit?.text ?? null,
          blocks: v.view.blocks,
          values: v.values,
          errors: v.errors,
          updates: v.updates,
        })),
    );
  });
  const slackAction = (run: (body: any, params: any) => Promise<object>) =>
    handle(async (req, res) => {
      try {
        res.json(await run(req.body ?? {}, req.params));
      } catch (e) {
        throw new BadRequest((e as Error).message);
      }
    });
  // A person types a slash command (`/productiv request figma`).
  app.post(
    '/api/slack/commands',
    slackAction(async body => {
      const line = String(body.line ?? '').trim();
      const match = /^(\/[a-z0-9_-]+)\s*(.*)$/i.exec(line);
      if (!match) throw new Error('Type a command such as /productiv help');
      if (!body.userId) throw new Error('userId is required');
      const typed = await s.workspace.command({
        command: match[1],
        text: match[2],
        userId: String(body.userId),
      });
      return {
        delivered: true,
        status: typed.status,
        shown: typed.shown?.text ?? null,
      };
    }),
  );
  app.post(
    '/api/slack/views/:id/values',
    slackAction(async (body, params) => {
      if (!body.actionId) throw new Error('actionId is required');
      const entered = await s.workspace.enterInView({
        viewId: params.id,
        actionId: String(body.actionId),
        value: String(body.value ?? ''),
      });
      return { status: entered.delivered?.status ?? null };
    }),
  );
  app.post(
    '/api/slack/views/:id/submit',
    slackAction(async (_body, params) => {
      const submitted = await s.workspace.submitView({ viewId: params.id });
      return { status: submitted.status, outcome: submitted.outcome };
    }),
  );
  app.post(
    '/api/slack/messages/:channel/:ts/click',
    handle(async (req, res) => {
      if (!req.body?.actionId) throw new BadRequest('actionId is required');
      try {
        const result = await s.workspace.click({
          channel: req.params.channel,
          ts: req.params.ts,
          actionId: String(req.body.actionId),
          userId: req.body.userId,
        });
        res.json({
          delivered: true,
          status: result.status,
          response: result.body,
        });
      } catch (e) {
        throw new BadRequest((e as Error).message);
      }
    }),
  );

  // E-mail
  app.get('/api/mail', (req, res) => {
    const to = req.query.to ? String(req.query.to).toLowerCase() : undefined;
    res.json(
      s.inbox.filter(m => !to || m.to.some(t => t.toLowerCase() === to)),
    );
  });
  app.delete('/api/mail', (_req, res) => {
    s.inbox.splice(0, s.inbox.length);
    res.status(204).end();
  });

  // Jira Service Management
  app.get('/api/jira/requests', (_req, res) => {
    res.json(
      s.desk.requests.map(r => ({
        ...r,
        status: r.history[r.history.length - 1].status,
      })),
    );
  });
  app.get('/api/jira/webhooks', (_req, res) =>
    res.json(s.desk.webhookDeliveries),
  );
  app.put('/api/jira/config', (req, res) => {
    if (req.body?.webhookUrl !== undefined)
      s.desk.options.webhookUrl = req.body.webhookUrl || undefined;
    if (req.body?.webhookSecret !== undefined)
      s.desk.options.webhookSecret = req.body.webhookSecret || undefined;
    res.json({ webhookUrl: s.desk.options.webhookUrl ?? null });
  });
  app.post(
    '/api/jira/requests/:key/resolve',
    handle(async (req, res) => {
      const r = s.desk.find(req.params.key);
      if (!r) throw new BadRequest(`No request ${req.params.key}`);
      const decline = req.body?.outcome === 'declined';
      await s.desk.transition(
        r.issueKey,
        decline ? 'Declined' : 'Resolved',
        'DONE',
      );
      res.json({
        key: r.issueKey,
        status: r.history[r.history.length - 1].status,
      });
    }),
  );

  // Zendesk
  app.get('/api/zendesk/tickets', (_req, res) => res.json(s.helpdesk.tickets));
  app.get('/api/zendesk/webhooks', (_req, res) =>
    res.json(s.helpdesk.webhookDeliveries),
  );
  app.put('/api/zendesk/config', (req, res) => {
    if (req.body?.webhookUrl !== undefined)
      s.helpdesk.options.webhookUrl = req.body.webhookUrl || undefined;
    if (req.body?.webhookSecret !== undefined)
      s.helpdesk.options.webhookSecret = req.body.webhookSecret || undefined;
    res.json({ webhookUrl: s.helpdesk.options.webhookUrl ?? null });
  });
  app.post(
    '/api/zendesk/tickets/:id/resolve',
    handle(async (req, res) => {
      const t = s.helpdesk.find(Number(req.params.id));
      if (!t) throw new BadRequest(`No ticket ${req.params.id}`);
      await s.helpdesk.setStatus(
        t,
        'solved',
        String(req.body?.comment ?? 'Access granted.'),
      );
      res.json({ id: t.id, status: t.status });
    }),
  );

  // Faults
  app.get('/api/faults', (_req, res) => {
    res.json(
      Object.fromEntries(
        SERVICES.map(svc => [
          svc,
          { ...s.faults.get(svc), stats: s.faults.stats(svc) },
        ]),
      ),
    );
  });
  app.put(
    '/api/faults/:service',
    handle((req, res) => {
      const service = req.params.service as ServiceName;
      if (!SERVICES.includes(service))
        throw new BadRequest(
          `Unknown service '${service}'; one of ${SERVICES.join(', ')}`,
        );
      try {
        const { failNext, failNextStatus, ...shares } = req.body ?? {};
        if (failNext !== undefined)
          s.faults.failNext(
            service,
            failNext,
            failNextStatus === '500' ? '500' : '429',
          );
        res.json(s.faults.set(service, shares));
      } catch (e) {
        throw new BadRequest((e as Error).message);
      }
    }),
  );
  app.delete('/api/faults', (_req, res) => {
    s.faults.reset();
    res.status(204).end();
  });

  app.use('/api', (req, res) =>
    res.status(404).json({ error: `No route ${req.method} ${req.path}` }),
  );
  app.use(
    answerErrors((err, res) => {
      res
        .status(err instanceof BadRequest ? 400 : 500)
        .json({ error: err.message });
    }),
  );
  return app;
}
