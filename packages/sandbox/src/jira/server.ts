import express from 'express';
import { createHmac } from 'node:crypto';
import { Faults } from '../faults';
import { basicCredentials, baseUrl, handle } from '../http';
import { addRequestTransitions } from './requestTransitions';

export type JiraOptions = {
  email: string;
  apiToken: string;
  /** The one service desk (project IT) and request type; default '1' and '25'. */
  serviceDeskId?: string;
  requestTypeId?: string;
  /** Optional webhook called on every status change (`jira:issue_updated`). */
  webhookUrl?: string;
  /** Secret of the webhook: `X-Hub-Signature: sha256=<hex HMAC of the body>`. */
  webhookSecret?: string;
};

const STATUS_CATEGORY_KEYS = {
  NEW: 'new',
  INDETERMINATE: 'indeterminate',
  DONE: 'done',
} as const;

type Status = {
  status: string;
  statusCategory: 'NEW' | 'INDETERMINATE' | 'DONE';
  at: number;
};

export type JiraRequest = {
  issueId: string;
  issueKey: string;
  serviceDeskId: string;
  requestTypeId: string;
  fields: Record<string, unknown>;
  raiseOnBehalfOf?: string;
  createdAt: number;
  history: Status[];
  /** Comments added, e.g. with a transition (`additionalComment`). */
  comments?: Array<{ body: string; public: boolean; at: number }>;
};

function date(ms: number) {
  return {
    iso8601: new Date(ms).toISOString(),
    jira: new Date(ms).toISOString(),
    friendly: new Date(ms).toUTCString(),
    epochMillis: ms,
  };
}

/** The service desk: customer requests and their status history. */
export class ServiceDesk {
  readonly requests: JiraRequest[] = [];
  webhookDeliveries: Array<{
    url: string;
    status: number;
    event: string;
    key: string;
  }> = [];

  /**
   * Awaited once a new request is stored and before JSM answers its create,
   * e.g. by a test that kills the client right then: the request exists,
   * the answer is lost.
   */
  onCreated?: (request: JiraRequest) => void | Promise<void>;

  constructor(readonly options: JiraOptions) {}

  find(key: string) {
    return this.requests.find(r => r.issueKey === key || r.issueId === key);
  }

  /** Moves a request to a new status and calls the webhook, if configured. */
  async transition(
    key: string,
    status: string,
    statusCategory: Status['statusCategory'],
  ) {
    const request = this.find(key);
    if (!request) throw new Error(`No request ${key}`);
    const from = request.history[request.history.length - 1];
    request.history.push({ status, statusCategory, at: Date.now() });
    const { webhookUrl, webhookSecret } = this.options;
    if (!webhookUrl) return request;
    const body = JSON.stringify({
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { accountId: 'sandbox-agent', displayName: 'IT Agent' },
      issue: {
        id: request.issueId,
        key: request.issueKey,
        fields: {
          status: {
            name: status,
            statusCategory: {
              key: STATUS_CATEGORY_KEYS[statusCategory],
            },
          },
        },
      },
      changelog: {
        id: String(request.history.length),
        items: [
          {
            field: 'status',
            fieldtype: 'jira',
            fromString: from.status,
            toString: status,
          },
        ],
      },
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
    };
    if (webhookSecret) {
      headers['x-hub-signature'] = `sha256=${createHmac('sha256', webhookSecret)
        .update(body)
        .digest('hex')}`;
    }
    try {
      const res = await fetch(webhookUrl, { method: 'POST', headers, body });
      this.webhookDeliveries.push({
        url: webhookUrl,
        status: res.status,
        event: 'jira:issue_updated',
        key: request.issueKey,
      });
    } catch {
      this.webhookDeliveries.push({
        url: webhookUrl,
        status: 0,
        event: 'jira:issue_updated',
        key: request.issueKey,
      });
    }
    return request;
  }
}

/** The words of a text, as Jira's text search splits it (letters and digits). */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}*]+/u)
    .filter(Boolean);
}

/**
 * Jira's text search on a field, without its stemming: every word of the
 * term is a word of the text, case insensitive; a trailing `*` matches the
 * start of a word. A term that is only part of a word finds nothing.
 */
export function matchesSearchTerm(text: string, term: string): boolean {
  const words = wordsOf(text);
  return wordsOf(term).every(w =>
    w.endsWith('*')
      ? words.some(x => x.startsWith(w.slice(0, -1)))
      : words.includes(w),
  );
}

function render(req: express.Request, r: JiraRequest) {
  const current = r.history[r.history.length - 1];
  return {
    _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk'],
    issueId: r.issueId,
    issueKey: r.issueKey,
    requestTypeId: r.requestTypeId,
    serviceDeskId: r.serviceDeskId,
    createdDate: date(r.createdAt),
    reporter: {
      accountId: r.raiseOnBehalfOf ?? 'sandbox-reporter',
      displayName: r.raiseOnBehalfOf ?? 'Productiv',
      active: true,
    },
    requestFieldValues: Object.entries(r.fields).map(([fieldId, value]) => ({
      fieldId,
      label: fieldId[0].toUpperCase() + fieldId.slice(1),
      value,
    })),
    currentStatus: {
      status: current.status,
      statusCategory: current.statusCategory,
      statusDate: date(current.at),
    },
    _links: {
      jiraRest: `${baseUrl(req)}/rest/api/2/issue/${r.issueId}`,
      web: `${baseUrl(req)}/servicedesk/customer/portal/${r.serviceDeskId}/${
        r.issueKey
      }`,
      self: `${baseUrl(req)}/rest/servicedeskapi/request/${r.issueId}`,
    },
  };
}

/** The Jira Service Management slice of the sandbox. */
export function createJiraApp(deps: {
  desk: ServiceDesk;
  faults: Faults;
}): express.Express {
  const { desk, faults } = deps;
  const app = express();
  app.set('etag', false);
  app.use(express.json());
  app.use(
    faults.middleware(
      'jira',
      res =>
        res
          .status(429)
          .setHeader('Retry-After', '1')
          .json({ errorMessage: 'Rate limit exceeded.' }),
      res => res.status(500).json({ errorMessage: 'Internal server error' }),
    ),
  );
  app.use('/rest', (req, res, next) => {
    const creds = basicCredentials(req);
    if (
      !creds ||
      creds[0] !== desk.options.email ||
      creds[1] !== desk.options.apiToken
    ) {
      res.status(401).json({
        errorMessage: 'Client must be authenticated to access this resource.',
      });
      return;
    }
    next();
  });

  app.post(
    '/rest/servicedeskapi/request',
    handle(async (req, res) => {
      const {
        serviceDeskId,
        requestTypeId,
        requestFieldValues,
        raiseOnBehalfOf,
      } = req.body ?? {};
      const missing = [
        'serviceDeskId',
        'requestTypeId',
        'requestFieldValues',
      ].filter(k => !req.body?.[k]);
      if (missing.length) {
        res.status(400).json({
          errorMessage: `Missing required field(s): ${missing.join(', ')}`,
        });
        return;
      }
      if (!requestFieldValues.summary) {
        res.status(400).json({
          errorMessage: 'Summary: You must specify a summary of the issue.',
          i18nErrorMessage: {
            i18nKey: 'sd.validation.summary.required',
            parameters: [],
          },
        });
        return;
      }
      const n = desk.requests.length + 1;
      const now = Date.now();
      const request: JiraRequest = {
        issueId: String(10000 + n),
        issueKey: `IT-${n}`,
        serviceDeskId: String(serviceDeskId),
        requestTypeId: String(requestTypeId),
        fields: requestFieldValues,
        raiseOnBehalfOf,
        createdAt: now,
        history: [
          { status: 'Waiting for support', statusCategory: 'NEW', at: now },
        ],
      };
      desk.requests.push(request);
      await desk.onCreated?.(request);
      res.status(201).json(render(req, request));
    }),
  );
  // The service desk and its request type, as an agent sees them.
  const deskId = desk.options.serviceDeskId ?? '1';
  const typeId = desk.options.requestTypeId ?? '25';
  const noDesk = (res: express.Response, id: string) =>
    res.status(404).json({
      errorMessage: `The service desk with ID ${id} does not exist or you do not have permission to access it.`,
    });
  app.get('/rest/servicedeskapi/servicedesk/:id', (req, res) => {
    if (req.params.id !== deskId && req.params.id !== 'IT') {
      noDesk(res, req.params.id);
      return;
    }
    res.json({
      id: deskId,
      projectId: '10000',
      projectName: 'IT Support',
      projectKey: 'IT',
      _links: {
        self: `${baseUrl(req)}/rest/servicedeskapi/servicedesk/${deskId}`,
      },
    });
  });
  app.get(
    '/rest/servicedeskapi/servicedesk/:id/requesttype/:type',
    (req, res) => {
      if (req.params.id !== deskId && req.params.id !== 'IT') {
        noDesk(res, req.params.id);
        return;
      }
      if (req.params.type !== typeId) {
        res.status(404).json({
          errorMessage: `The request type with ID ${req.params.type} does not exist in this service desk.`,
        });
        return;
      }
      res.json({
        id: typeId,
        name: 'Request access to an application',
        description: 'Get access to a SaaS application',
        serviceDeskId: deskId,
        groupIds: ['1'],
        _links: {
          self: `${baseUrl(
            req,
          )}/rest/servicedeskapi/servicedesk/${deskId}/requesttype/${typeId}`,
        },
      });
    },
  );

  // Requests visible to the caller (the sandbox's one account sees all),
  // latest activity first. `searchTerm` matches words of the summary, as
  // JSM documents it (see matchesSearchTerm).
  app.get('/rest/servicedeskapi/request', (req, res) => {
    const q = req.query;
    const term = q.searchTerm ? String(q.searchTerm) : '';
    const state = String(q.requestStatus ?? 'ALL_REQUESTS');
    const start = Math.max(0, Number(q.start ?? 0) || 0);
    const limit = Math.min(100, Math.max(1, Number(q.limit ?? 50) || 50));
    const matching = desk.requests
      .filter(
        r =>
          (q.serviceDeskId === undefined ||
            r.serviceDeskId === String(q.serviceDeskId)) &&
          (q.requestTypeId === undefined ||
            r.requestTypeId === String(q.requestTypeId)) &&
          (!term || matchesSearchTerm(String(r.fields.summary ?? ''), term)),
      )
      .filter(r => {
        const done = r.history[r.history.length - 1].statusCategory === 'DONE';
        if (state === 'OPEN_REQUESTS') return !done;
        if (state === 'CLOSED_REQUESTS') return done;
        return true;
      })
      .sort(
        (a, b) =>
          b.history[b.history.length - 1].at -
            a.history[a.history.length - 1].at ||
          Number(b.issueId) - Number(a.issueId),
      );
    const page = matching.slice(start, start + limit);
    res.json({
      size: page.length,
      start,
      limit,
      isLastPage: start + page.length >= matching.length,
      values: page.map(r => render(req, r)),
    });
  });
  app.get('/rest/servicedeskapi/request/:key', (req, res) => {
    const r = desk.find(req.params.key);
    if (!r) {
      res.status(404).json({
        errorMessage: `Request ${req.params.key} does not exist or you do not have permission to see it.`,
      });
      return;
    }
    res.json(render(req, r));
  });
  app.get('/rest/servicedeskapi/request/:key/status', (req, res) => {
    const r = desk.find(req.params.key);
    if (!r) {
      res.status(404).json({
        errorMessage: `Request ${req.params.key} does not exist or you do not have permission to see it.`,
      });
      return;
    }
    const values = [...r.history].reverse().map(s => ({
      status: s.status,
      statusCategory: s.statusCategory,
      statusDate: date(s.at),
    }));
    res.json({
      size: values.length,
      start: 0,
      limit: 50,
      isLastPage: true,
      values,
    });
  });
  addRequestTransitions(app, desk);
  app.use((_req, res) => res.status(404).json({ errorMessage: 'Not found' }));
  return app;
}
