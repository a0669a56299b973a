import express from 'express';
import { randomBytes } from 'node:crypto';
import { Faults } from '../faults';
import { answerErrors, baseUrl, handle } from '../http';
import { addAppRoutes } from './appRoutes';
import { ADMIN_ACTOR, Change, OktaDirectory } from './directory';
import { LogActor } from './directoryEvents';
import { addUserRoutes } from './userRoutes';
import {
  forbidden,
  notFound,
  oktaError,
  parseLimit,
  pathGroup,
  rateLimited,
  renderGroup,
  renderUser,
  sendGroups,
  sendUsers,
} from './responses';
import { groupMatches, userMatches } from './search';
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
  // Access token → the service app (client id) it was issued to.
  const accessTokens = new Map<string, string>();
  const app = express();
  app.set('etag', false);
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));

  // Rate-limit headers on every answer; 429 once the window's budget is spent.
  app.use((_req, res, next) => {
    const { allowed, headers } = rateLimit.take();
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (!allowed) {
      rateLimited(res);
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
        rateLimited(res);
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
    let claims: { iss?: string; sub?: string; aud?: string } = {};
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
    accessTokens.set(token, String(claims.sub ?? claims.iss));
    res.json({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: token,
      scope: String(scope ?? ''),
    });
  });

  app.use('/api/v1', (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const clientId = header.startsWith('Bearer ')
      ? accessTokens.get(header.slice(7))
      : undefined;
    if (header !== `SSWS ${options.apiToken}` && !clientId) {
      oktaError(res, 401, 'E0000011', 'Invalid token provided');
      return;
    }
    // Who the System Log names for a change: the token's administrator, or the service app.
    const actor: LogActor = clientId
      ? {
          id: clientId,
          type: 'PublicClientApp',
          alternateId: clientId,
          displayName: clientId,
        }
      : ADMIN_ACTOR;
    res.locals.actor = actor;
    next();
  });

  const user = (req: express.Request, res: express.Response) => {
    const u = directory.findUser(req.params.userId);
    if (!u) notFound(res, req.params.userId, 'User');
    return u;
  };
  const group = (req: express.Request, res: express.Response) =>
    pathGroup(directory, req, res);
  const change = (res: express.Response): Change => ({
    at: deps.now(),
    actor: res.locals.actor,
  });

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
      sendUsers(req, res, users);
    }),
  );
  app.get('/api/v1/users/:userId', (req, res) => {
    const u = user(req, res);
    if (u) res.json(renderUser(req, u));
  });
  app.get('/api/v1/users/:userId/groups', (req, res) => {
    const u = user(req, res);
    if (u) sendGroups(req, res, directory.userGroups(u.id), directory);
  });

  // Groups
  app.get(
    '/api/v1/groups',
    handle((req, res) => {
      const q = req.query.q ? String(req.query.q).toLowerCase() : undefined;
      const search = req.query.search ? String(req.query.search) : undefined;
      const filter = req.query.filter ? String(req.query.filter) : undefined;
      const groups = [...directory.groups.values()]
        .filter(g => !q || g.profile.name.toLowerCase().startsWith(q))
        .filter(g => groupMatches(g, search) && groupMatches(g, filter))
        .sort((a, b) => a.id.localeCompare(b.id));
      sendGroups(req, res, groups, directory);
    }),
  );
  app.get('/api/v1/groups/:groupId', (req, res) => {
    const g = group(req, res);
    if (g) res.json(renderGroup(req, g, directory));
  });
  app.get('/api/v1/groups/:groupId/users', (req, res) => {
    const g = group(req, res);
    if (!g) return;
    const users = [...directory.members.get(g.id)!]
      .map(id => directory.users.get(id)!)
      .sort((a, b) => a.id.localeCompare(b.id));
    sendUsers(req, res, users, 1000);
  });
  app.put('/api/v1/groups/:groupId/users/:userId', (req, res) => {
    const g = group(req, res);
    if (!g) return;
    const u = directory.users.get(req.params.userId);
    if (!u) {
      notFound(res, req.params.userId, 'User');
      return;
    }
    if (g.type === 'BUILT_IN') {
      forbidden(
        res,
        'You do not have permission to perform the requested action',
      );
      return;
    }
    const changed = directory.addMember(g.id, u.id, change(res));
    directory.recordWrite(
      { kind: 'group.user.add', targetId: g.id, userId: u.id, changed },
      deps.now(),
    );
    res.status(204).end();
  });
  app.delete('/api/v1/groups/:groupId/users/:userId', (req, res) => {
    const g = group(req, res);
    if (!g) return;
    const changed = directory.removeMember(
      g.id,
      req.params.userId,
      change(res),
    );
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

  addUserRoutes(app, { directory, now: deps.now });
  addAppRoutes(app, { directory, now: deps.now });

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
    answerErrors((err, res) => {
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
    }),
  );
  return app;
}
