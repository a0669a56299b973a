import express from 'express';
import { randomBytes } from 'node:crypto';
import { Faults } from '../faults';
import { baseUrl, handle } from '../http';
import { OktaApp, OktaDirectory, OktaGroup, OktaUser } from './directory';
import { LogQueryError, SystemLog } from './systemLog';

export type OktaOptions = {
  /** The SSWS API token clients must send. */
  apiToken: string;
  /** Calls allowed per rate-limit window (one minute), reported in X-Rate-Limit-* headers. */
  rateLimitPerMinute: number;
};

/** The per-minute rate limit of the Okta slice, shared by all its endpoints. */
export class RateLimit {
  private windowStart = 0;
  private used = 0;
  constructor(public limit: number) {}

  /** Counts a call; returns the headers to send and whether it is allowed. */
  take(now = Date.now()): {
    allowed: boolean;
    headers: Record<string, string>;
  } {
    const windowMs = 60_000;
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now - (now % windowMs);
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used++;
    return {
      allowed,
      headers: {
        'X-Rate-Limit-Limit': String(this.limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, this.limit - this.used)),
        'X-Rate-Limit-Reset': String(
          Math.ceil((this.windowStart + windowMs) / 1000),
        ),
      },
    };
  }
}

function oktaError(
  res: express.Response,
  status: number,
  code: string,
  summary: string,
  causes: string[] = [],
) {
  res.status(status).json({
    errorCode: code,
    errorSummary: summary,
    errorLink: code,
    errorId: `sbx${randomBytes(8).toString('hex')}`,
    errorCauses: causes.map(errorSummary => ({ errorSummary })),
  });
}

function renderUser(req: express.Request, u: OktaUser) {
  return {
    ...u,
    activated: u.status === 'ACTIVE' ? u.created : null,
    statusChanged: u.created,
    lastLogin: null,
    lastUpdated: u.created,
    passwordChanged: null,
    type: { id: 'otysbx0000000000000' },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${baseUrl(req)}/api/v1/users/${u.id}` } },
  };
}

function renderGroup(req: express.Request, g: OktaGroup) {
  return {
    ...g,
    lastUpdated: g.created,
    lastMembershipUpdated: g.created,
    objectClass: ['okta:user_group'],
    _links: { self: { href: `${baseUrl(req)}/api/v1/groups/${g.id}` } },
  };
}

function renderApp(req: express.Request, a: OktaApp) {
  return {
    ...a,
    lastUpdated: a.created,
    features: [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
    settings: { app: {} },
    _links: { self: { href: `${baseUrl(req)}/api/v1/apps/${a.id}` } },
  };
}

function parseLimit(raw: unknown, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new LogQueryError(
      `limit must be a whole number between 0 and ${max}, got '${raw}'`,
    );
  }
  return Math.min(n, max);
}

/** Cursor paging by id, with an absolute `Link: rel="next"` header like Okta's. */
function sendPage<T>(
  req: express.Request,
  res: express.Response,
  items: T[],
  idOf: (item: T) => string,
  render: (item: T) => unknown,
  defaultLimit = 200,
) {
  const limit = parseLimit(req.query.limit, 200, defaultLimit) || defaultLimit;
  const after = req.query.after ? String(req.query.after) : undefined;
  let start = 0;
  if (after) {
    const i = items.findIndex(it => idOf(it) === after);
    start = i < 0 ? items.length : i + 1;
  }
  const page = items.slice(start, start + limit);
  const self = `${baseUrl(req)}${req.originalUrl}`;
  const links = [`<${self}>; rel="self"`];
  if (start + limit < items.length && page.length > 0) {
    const next = new URL(self);
    next.searchParams.set('after', idOf(page[page.length - 1]));
    next.searchParams.set('limit', String(limit));
    links.push(`<${next.toString()}>; rel="next"`);
  }
  res.setHeader('Link', links);
  res.json(page.map(render));
}

/** Evaluates the subset of Okta's user search the product uses: `profile.x eq "v"` joined by and/or. */
function userMatches(u: OktaUser, expression: string | undefined): boolean {
  if (!expression) return true;
  const orParts = expression.split(/\s+or\s+/i);
  return orParts.some(orPart =>
    orPart.split(/\s+and\s+/i).every(part => {
      const m = part
        .trim()
        .replace(/^\(|\)$/g, '')
        .match(/^([\w.]+)\s+(eq|sw)\s+"([^"]*)"$/);
      if (!m)
        throw new LogQueryError(`Invalid search expression '${part.trim()}'`);
      const [, field, op, value] = m;
      let actual: unknown;
      if (field === 'status' || field === 'id') actual = u[field];
      else if (field.startsWith('profile.'))
        actual = (u.profile as Record<string, unknown>)[field.slice(8)];
      else throw new LogQueryError(`Unsupported search field '${field}'`);
      const a = String(actual ?? '').toLowerCase();
      const v = value.toLowerCase();
      return op === 'eq' ? a === v : a.startsWith(v);
    }),
  );
}

/** The Okta Management API slice of the sandbox. */
export function createOktaApp(deps: {
  directory: OktaDirectory;
  log: SystemLog;
  faults: Faults;
  rateLimit: RateLimit;
  options: OktaOptions;
  now: () => number;
}): express.Express {
  const { directory, log, faults, rateLimit, options } = deps;
  const accessTokens = new Set<string>();
  const app = express();
  app.set('etag', false);
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));

  // Rate-limit headers on every answer; 429 once the window's budget is spent.
  app.use((_req, res, next) => {
    const { allowed, headers } = rateLimit.take();
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (!allowed) {
      oktaError(
        res,
        429,
        'E0000047',
        'API call exceeded rate limit due to too many requests.',
      );
      return;
    }
    next();
  });
  app.use(
    faults.middleware(
      'okta',
      res => {
        // A reset one second ahead: the SDK waits until then (plus a second) and retries.
        res.setHeader(
          'X-Rate-Limit-Reset',
          String(Math.ceil(Date.now() / 1000) + 1),
        );
        res.setHeader('X-Rate-Limit-Remaining', '0');
        oktaError(
          res,
          429,
          'E0000047',
          'API call exceeded rate limit due to too many requests.',
        );
      },
      res => oktaError(res, 500, 'E0000009', 'Internal Server Error'),
    ),
  );

  // OAuth 2.0 for service apps (private_key_jwt): any well-formed client assertion is accepted.
  app.post('/oauth2/v1/token', (req, res) => {
    const { grant_type, client_assertion, client_assertion_type, scope } =
      req.body ?? {};
    if (
      grant_type !== 'client_credentials' ||
      !client_assertion ||
      client_assertion_type !==
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      res.status(400).json({
        error: 'invalid_request',
        error_description:
          'client_credentials with a JWT client assertion is required',
      });
      return;
    }
    const parts = String(client_assertion).split('.');
    let claims: { iss?: string; aud?: string } = {};
    try {
      claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString());
    } catch {
      /* checked below */
    }
    if (
      parts.length !== 3 ||
      !claims.iss ||
      !String(claims.aud ?? '').endsWith('/oauth2/v1/token')
    ) {
      res.status(401).json({
        error: 'invalid_client',
        error_description:
          'The client assertion is not a valid JWT for this token endpoint',
      });
      return;
    }
    const token = `sbx.${randomBytes(24).toString('base64url')}`;
    accessTokens.add(token);
    res.json({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: token,
      scope: String(scope ?? ''),
    });
  });

  app.use('/api/v1', (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const ok =
      header === `SSWS ${options.apiToken}` ||
      (header.startsWith('Bearer ') && accessTokens.has(header.slice(7)));
    if (!ok) {
      oktaError(res, 401, 'E0000011', 'Invalid token provided');
      return;
    }
    next();
  });

  const user = (
    req: express.Request,
    res: express.Response,
    id = req.params.userId,
  ) => {
    const u = directory.findUser(id);
    if (!u)
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${id} (User)`,
      );
    return u;
  };
  const group = (req: express.Request, res: express.Response) => {
    const g = directory.groups.get(req.params.groupId);
    if (!g)
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${req.params.groupId} (UserGroup)`,
      );
    return g;
  };
  const application = (req: express.Request, res: express.Response) => {
    const a = directory.apps.get(req.params.appId);
    if (!a)
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${req.params.appId} (AppInstance)`,
      );
    return a;
  };

  // Users
  app.get(
    '/api/v1/users',
    handle((req, res) => {
      const expression = (req.query.search ?? req.query.filter) as
        | string
        | undefined;
      const q = req.query.q ? String(req.query.q).toLowerCase() : undefined;
      const users = [...directory.users.values()]
        .filter(u => (expression ? true : u.status !== 'DEPROVISIONED'))
        .filter(u => userMatches(u, expression))
        .filter(
          u =>
            !q ||
            [u.profile.firstName, u.profile.lastName, u.profile.email].some(v =>
              v.toLowerCase().startsWith(q),
            ),
        )
        .sort((a, b) => a.id.localeCompare(b.id));
      sendPage(
        req,
        res,
        users,
        u => u.id,
        u => renderUser(req, u),
      );
    }),
  );
  app.get('/api/v1/users/:userId', (req, res) => {
    const u = user(req, res);
    if (u) res.json(renderUser(req, u));
  });
  app.get('/api/v1/users/:userId/groups', (req, res) => {
    const u = user(req, res);
    if (u)
      sendPage(
        req,
        res,
        directory.userGroups(u.id),
        g => g.id,
        g => renderGroup(req, g),
      );
  });

  // Groups
  app.get('/api/v1/groups', (req, res) => {
    const q = req.query.q ? String(req.query.q).toLowerCase() : undefined;
    const groups = [...directory.groups.values()]
      .filter(g => !q || g.profile.name.toLowerCase().startsWith(q))
      .sort((a, b) => a.id.localeCompare(b.id));
    sendPage(
      req,
      res,
      groups,
      g => g.id,
      g => renderGroup(req, g),
    );
  });
  app.get('/api/v1/groups/:groupId', (req, res) => {
    const g = group(req, res);
    if (g) res.json(renderGroup(req, g));
  });
  app.get('/api/v1/groups/:groupId/users', (req, res) => {
    const g = group(req, res);
    if (!g) return;
    const users = [...directory.members.get(g.id)!]
      .map(id => directory.users.get(id)!)
      .sort((a, b) => a.id.localeCompare(b.id));
    sendPage(
      req,
      res,
      users,
      u => u.id,
      u => renderUser(req, u),
      1000,
    );
  });
  app.put('/api/v1/groups/:groupId/users/:userId', (req, res) => {
    const g = group(req, res);
    if (!g) return;
    const u = directory.users.get(req.params.userId);
    if (!u) {
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${req.params.userId} (User)`,
      );
      return;
    }
    if (g.type === 'BUILT_IN') {
      oktaError(
        res,
        403,
        'E0000006',
        'You do not have permission to perform the requested action',
      );
      return;
    }
    const changed = directory.addMember(g.id, u.id);
    directory.recordWrite(
      { kind: 'group.user.add', targetId: g.id, userId: u.id, changed },
      deps.now(),
    );
    res.status(204).end();
  });
  app.delete('/api/v1/groups/:groupId/users/:userId', (req, res) => {
    const g = group(req, res);
    if (!g) return;
    const changed = directory.members.get(g.id)!.delete(req.params.userId);
    directory.recordWrite(
      {
        kind: 'group.user.remove',
        targetId: g.id,
        userId: req.params.userId,
        changed,
      },
      deps.now(),
    );
    res.status(204).end();
  });

  // Applications
  app.get('/api/v1/apps', (req, res) => {
    const q = req.query.q ? String(req.query.q).toLowerCase() : undefined;
    const apps = [...directory.apps.values()]
      .filter(
        a =>
          !q ||
          a.label.toLowerCase().startsWith(q) ||
          a.name.toLowerCase().startsWith(q),
      )
      .sort((a, b) => a.id.localeCompare(b.id));
    sendPage(
      req,
      res,
      apps,
      a => a.id,
      a => renderApp(req, a),
      20,
    );
  });
  app.get('/api/v1/apps/:appId', (req, res) => {
    const a = application(req, res);
    if (a) res.json(renderApp(req, a));
  });

  const renderAppUser = (
    req: express.Request,
    appId: string,
    au: { userId: string; scope: 'USER' | 'GROUP'; created: string },
  ) => {
    const u = directory.users.get(au.userId);
    return {
      id: au.userId,
      externalId: null,
      created: au.created,
      lastUpdated: au.created,
      scope: au.scope,
      status: u?.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
      statusChanged: au.created,
      syncState: 'DISABLED',
      credentials: { userName: u?.profile.login },
      profile: {},
      _links: {
        app: { href: `${baseUrl(req)}/api/v1/apps/${appId}` },
        user: { href: `${baseUrl(req)}/api/v1/users/${au.userId}` },
      },
      ...(req.query.expand === 'user' && u
        ? { _embedded: { user: renderUser(req, u) } }
        : {}),
    };
  };
  app.get('/api/v1/apps/:appId/users', (req, res) => {
    const a = application(req, res);
    if (a)
      sendPage(
        req,
        res,
        directory.appUsers(a.id),
        au => au.userId,
        au => renderAppUser(req, a.id, au),
        50,
      );
  });
  app.get('/api/v1/apps/:appId/users/:userId', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    const au = directory
      .appUsers(a.id)
      .find(x => x.userId === req.params.userId);
    if (!au) {
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${req.params.userId} (AppUser)`,
      );
      return;
    }
    res.json(renderAppUser(req, a.id, au));
  });
  app.post('/api/v1/apps/:appId/users', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    const userId = req.body?.id;
    const u =
      typeof userId === 'string' ? directory.users.get(userId) : undefined;
    if (!u) {
      oktaError(res, 400, 'E0000001', 'Api validation failed: id', [
        `id: user '${userId}' does not exist`,
      ]);
      return;
    }
    const direct = directory.appDirectUsers.get(a.id)!;
    const changed = !direct.has(u.id);
    if (changed) direct.set(u.id, new Date(deps.now()).toISOString());
    directory.recordWrite(
      { kind: 'app.user.assign', targetId: a.id, userId: u.id, changed },
      deps.now(),
    );
    res.json(
      renderAppUser(req, a.id, {
        userId: u.id,
        scope: 'USER',
        created: direct.get(u.id)!,
      }),
    );
  });
  app.delete('/api/v1/apps/:appId/users/:userId', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    if (!directory.appDirectUsers.get(a.id)!.delete(req.params.userId)) {
      const viaGroup = directory
        .appUsers(a.id)
        .some(x => x.userId === req.params.userId);
      if (viaGroup) {
        oktaError(
          res,
          403,
          'E0000006',
          'The user is assigned through a group; remove them from the group instead',
        );
        return;
      }
      oktaError(
        res,
        404,
        'E0000007',
        `Not found: Resource not found: ${req.params.userId} (AppUser)`,
      );
      return;
    }
    directory.recordWrite(
      {
        kind: 'app.user.unassign',
        targetId: a.id,
        userId: req.params.userId,
        changed: true,
      },
      deps.now(),
    );
    res.status(204).end();
  });
  const renderAssignment = (
    req: express.Request,
    appId: string,
    groupId: string,
    a: { priority: number; profile: Record<string, unknown> },
  ) => ({
    id: groupId,
    lastUpdated: '2025-01-06T09:00:00.000Z',
    priority: a.priority,
    profile: a.profile,
    _links: {
      app: { href: `${baseUrl(req)}/api/v1/apps/${appId}` },
      group: { href: `${baseUrl(req)}/api/v1/groups/${groupId}` },
    },
  });
  app.get('/api/v1/apps/:appId/groups', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    const list = [...directory.appGroups.get(a.id)!.entries()].sort(
      (x, y) => x[1].priority - y[1].priority,
    );
    sendPage(
      req,
      res,
      list,
      ([gid]) => gid,
      ([gid, asg]) => renderAssignment(req, a.id, gid, asg),
      20,
    );
  });
  app.put('/api/v1/apps/:appId/groups/:groupId', (req, res) => {
    const a = application(req, res);
    const g = a && group(req, res);
    if (!a || !g) return;
    const assignments = directory.appGroups.get(a.id)!;
    const asg = {
      priority: Number(req.body?.priority ?? assignments.size),
      profile: (req.body?.profile as Record<string, unknown>) ?? {},
    };
    assignments.set(g.id, asg);
    res.json(renderAssignment(req, a.id, g.id, asg));
  });
  app.delete('/api/v1/apps/:appId/groups/:groupId', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    directory.appGroups.get(a.id)!.delete(req.params.groupId);
    res.status(204).end();
  });

  // System Log
  app.get(
    '/api/v1/logs',
    handle((req, res) => {
      const parseTime = (name: string) => {
        const raw = req.query[name];
        if (raw === undefined) return undefined;
        const t = Date.parse(String(raw));
        if (Number.isNaN(t))
          throw new LogQueryError(
            `${name} must be an ISO 8601 timestamp, got '${raw}'`,
          );
        return t;
      };
      if (req.query.sortOrder && req.query.sortOrder !== 'ASCENDING') {
        throw new LogQueryError('The sandbox only serves sortOrder=ASCENDING');
      }
      const limit = parseLimit(req.query.limit, 1000, 100);
      const now = deps.now();
      const { events, next } = log.query({
        since: parseTime('since'),
        until: parseTime('until'),
        after: req.query.after ? String(req.query.after) : undefined,
        filter: req.query.filter ? String(req.query.filter) : undefined,
        limit,
        now,
      });
      const self = `${baseUrl(req)}${req.originalUrl}`;
      const links = [`<${self}>; rel="self"`];
      if (next) {
        const url = new URL(`${baseUrl(req)}/api/v1/logs`);
        for (const key of ['until', 'filter', 'q', 'sortOrder']) {
          if (req.query[key] !== undefined)
            url.searchParams.set(key, String(req.query[key]));
        }
        url.searchParams.set('limit', String(limit));
        url.searchParams.set('after', next);
        links.push(`<${url.toString()}>; rel="next"`);
      }
      res.setHeader('Link', links);
      res.json(events);
    }),
  );

  app.use((req, res) =>
    oktaError(
      res,
      404,
      'E0000022',
      `The endpoint does not support the provided HTTP method: ${req.method} ${req.path}`,
    ),
  );
  app.use(
    (
      err: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      if (err instanceof LogQueryError) {
        oktaError(
          res,
          400,
          'E0000001',
          `Api validation failed: ${err.message}`,
          [err.message],
        );
        return;
      }
      oktaError(res, 500, 'E0000009', `Internal Server Error: ${err.message}`);
    },
  );
  return app;
}
