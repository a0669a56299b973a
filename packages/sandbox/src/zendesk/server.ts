import express from 'express';
import { createHmac, randomUUID } from 'node:crypto';
import { Faults } from '../faults';
import { basicCredentials, baseUrl } from '../http';

export type ZendeskOptions = {
  email: string;
  apiToken: string;
  /**
   * Where the webhook of the trigger "Ticket status changed" posts; none
   * when unset.
   */
  webhookUrl?: string;
  /** The webhook's signing secret (Zendesk shows it in Admin Center). */
  webhookSecret?: string;
};

/** A call of the webhook, as the inspector lists them. */
export type ZendeskWebhookDelivery = {
  url: string;
  /** The answer's HTTP status; 0 when the URL could not be reached. */
  status: number;
  ticketId: number;
  ticketStatus: string;
};

export type ZendeskTicket = {
  id: number;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  priority?: string;
  type?: string;
  tags: string[];
  requester?: { name?: string; email?: string };
  external_id?: string;
  custom_fields: Array<{ id: number; value: unknown }>;
  comments: Array<{ body: string; public: boolean; at: string }>;
  created_at: string;
  updated_at: string;
};

const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** `solved` as a trigger's `{{ticket.status}}` placeholder renders it. */
const titled = (status: string) =>
  status.charAt(0).toUpperCase() + status.slice(1);

export class Helpdesk {
  readonly tickets: ZendeskTicket[] = [];
  readonly webhookDeliveries: ZendeskWebhookDelivery[] = [];
  constructor(readonly options: ZendeskOptions) {}
  find(id: number) {
    return this.tickets.find(t => t.id === id);
  }

  /**
   * Calls the webhook when a ticket's status changed, as a trigger with the
   * condition "Status | Changed" and the action "Notify webhook" does. The
   * trigger's JSON body is the one Productiv's README gives, its
   * placeholders rendered as Zendesk renders them (strings, the status as
   * shown to agents). Signed as Zendesk signs every webhook:
   * `X-Zendesk-Webhook-Signature` is base64(HMAC-SHA256(secret, timestamp +
   * body)), the timestamp in `X-Zendesk-Webhook-Signature-Timestamp`.
   */
  async statusChanged(ticket: ZendeskTicket, previous: string): Promise<void> {
    const { webhookUrl, webhookSecret } = this.options;
    if (!webhookUrl || ticket.status === previous) return;
    const body = JSON.stringify({
      ticket: {
        id: String(ticket.id),
        status: titled(ticket.status),
        previous_status: titled(previous),
        external_id: ticket.external_id ?? '',
        updated_at: ticket.updated_at,
      },
    });
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Zendesk Webhook',
      'x-zendesk-account-id': '10001',
      'x-zendesk-webhook-id': '01HSANDBOXWEBHOOK0000000000',
      'x-zendesk-webhook-invocation-id': randomUUID(),
    };
    if (webhookSecret) {
      headers['x-zendesk-webhook-signature'] = createHmac(
        'sha256',
        webhookSecret,
      )
        .update(timestamp + body)
        .digest('base64');
      headers['x-zendesk-webhook-signature-timestamp'] = timestamp;
    }
    let status = 0;
    try {
      status = (await fetch(webhookUrl, { method: 'POST', headers, body }))
        .status;
    } catch {
      // Unreachable: recorded with status 0.
    }
    this.webhookDeliveries.push({
      url: webhookUrl,
      status,
      ticketId: ticket.id,
      ticketStatus: ticket.status,
    });
  }

  /** An agent sets a ticket's status (and comments), e.g. solves it. */
  async setStatus(
    ticket: ZendeskTicket,
    status: ZendeskTicket['status'],
    comment?: string,
  ): Promise<void> {
    const previous = ticket.status;
    ticket.status = status;
    ticket.updated_at = new Date().toISOString();
    if (comment) {
      ticket.comments.push({
        body: comment,
        public: true,
        at: ticket.updated_at,
      });
    }
    await this.statusChanged(ticket, previous);
  }
}

function render(req: express.Request, t: ZendeskTicket) {
  const { comments, ...rest } = t;
  return {
    ...rest,
    url: `${baseUrl(req)}/api/v2/tickets/${t.id}.json`,
    requester_id: 9000 + t.id,
    comment_count: comments.length,
  };
}

/** The Zendesk Support API slice of the sandbox (tickets). */
export function createZendeskApp(deps: {
  helpdesk: Helpdesk;
  faults: Faults;
}): express.Express {
  const { helpdesk, faults } = deps;
  const app = express();
  app.set('etag', false);
  app.use(express.json());
  app.use(
    faults.middleware(
      'zendesk',
      res =>
        res.status(429).setHeader('Retry-After', '1').json({
          error: 'APIRateLimitExceeded',
          description: 'Number of allowed API requests per minute exceeded',
        }),
      res =>
        res.status(500).json({
          error: 'InternalError',
          description: 'Internal server error',
        }),
    ),
  );
  app.use('/api/v2', (req, res, next) => {
    const creds = basicCredentials(req);
    if (
      !creds ||
      creds[0] !== `${helpdesk.options.email}/token` ||
      creds[1] !== helpdesk.options.apiToken
    ) {
      res.status(401).json({ error: "Couldn't authenticate you" });
      return;
    }
    next();
  });
  const invalid = (res: express.Response, details: Record<string, string>) =>
    res.status(422).json({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: Object.fromEntries(
        Object.entries(details).map(([k, v]) => [k, [{ description: v }]]),
      ),
    });

  // Listing tickets, optionally by external_id (one page: the sandbox is small).
  app.get('/api/v2/tickets.json', (req, res) => {
    const externalId = req.query.external_id;
    const tickets = helpdesk.tickets.filter(
      t => externalId === undefined || t.external_id === String(externalId),
    );
    res.json({
      tickets: tickets.map(t => render(req, t)),
      meta: { has_more: false, after_cursor: null, before_cursor: null },
      links: { next: null, prev: null },
      next_page: null,
      count: tickets.length,
    });
  });
  // Who the credentials belong to (connection tests).
  app.get('/api/v2/users/me.json', (_req, res) => {
    res.json({
      user: {
        id: 9000,
        name: 'Productiv',
        email: helpdesk.options.email,
        role: 'agent',
      },
    });
  });
  app.post('/api/v2/tickets.json', (req, res) => {
    const t = req.body?.ticket;
    if (!t)
      return invalid(res, { ticket: 'The body must be { "ticket": { ... } }' });
    const body = t.comment?.body ?? t.description;
    if (!body)
      return invalid(res, { description: 'Description: cannot be blank' });
    const now = new Date().toISOString();
    const ticket: ZendeskTicket = {
      id: 35436 + helpdesk.tickets.length,
      subject: t.subject ?? String(body).slice(0, 60),
      description: String(body),
      status: 'new',
      priority: t.priority,
      type: t.type,
      tags: t.tags ?? [],
      requester: t.requester,
      external_id: t.external_id,
      custom_fields: t.custom_fields ?? [],
      comments: [{ body: String(body), public: true, at: now }],
      created_at: now,
      updated_at: now,
    };
    helpdesk.tickets.push(ticket);
    return res.status(201).json({
      ticket: render(req, ticket),
      audit: {
        id: ticket.id * 10,
        ticket_id: ticket.id,
        created_at: now,
        events: [],
      },
    });
  });
  app.get('/api/v2/tickets/:id.json', (req, res) => {
    const ticket = helpdesk.find(Number(req.params.id));
    if (!ticket)
      return res
        .status(404)
        .json({ error: 'RecordNotFound', description: 'Not found' });
    return res.json({ ticket: render(req, ticket) });
  });
  app.put('/api/v2/tickets/:id.json', (req, res) => {
    const ticket = helpdesk.find(Number(req.params.id));
    if (!ticket)
      return res
        .status(404)
        .json({ error: 'RecordNotFound', description: 'Not found' });
    const t = req.body?.ticket ?? {};
    if (t.status !== undefined && !STATUSES.includes(t.status)) {
      return invalid(res, { status: `Status: ${t.status} is not valid` });
    }
    const previous = ticket.status;
    if (t.status) ticket.status = t.status;
    if (t.priority) ticket.priority = t.priority;
    if (t.tags) ticket.tags = t.tags;
    if (t.comment?.body)
      ticket.comments.push({
        body: t.comment.body,
        public: t.comment.public ?? true,
        at: new Date().toISOString(),
      });
    ticket.updated_at = new Date().toISOString();
    // Triggers run after the update is saved; the answer does not wait.
    void helpdesk.statusChanged(ticket, previous);
    return res.json({
      ticket: render(req, ticket),
      audit: {
        ticket_id: ticket.id,
        created_at: ticket.updated_at,
        events: [],
      },
    });
  });
  app.use((_req, res) =>
    res
      .status(404)
      .json({ error: 'InvalidEndpoint', description: 'Not found' }),
  );
  return app;
}
