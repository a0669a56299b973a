import express from 'express';
import { randomBytes } from 'node:crypto';
import { baseUrl } from '../http';
import { OktaApp, OktaDirectory, OktaGroup, OktaUser } from './directory';
import { LogQueryError } from './systemLog';

/* The shapes of the Okta Management API's answers: errors, users, groups, apps and pages of them. */

export function oktaError(
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

export function renderUser(req: express.Request, u: OktaUser) {
  return {
    ...u,
    lastLogin: null,
    passwordChanged: null,
    type: { id: 'otysbx0000000000000' },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${baseUrl(req)}/api/v1/users/${u.id}` } },
  };
}

export function renderGroup(
  req: express.Request,
  g: OktaGroup,
  directory: OktaDirectory,
) {
  return {
    ...g,
    lastUpdated: g.created,
    lastMembershipUpdated: directory.lastMembershipUpdated(g.id),
    objectClass: ['okta:user_group'],
    _links: { self: { href: `${baseUrl(req)}/api/v1/groups/${g.id}` } },
  };
}

export function renderApp(req: express.Request, a: OktaApp) {
  return {
    ...a,
    lastUpdated: a.created,
    features: a.features ?? [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
    settings: { app: {} },
    _links: { self: { href: `${baseUrl(req)}/api/v1/apps/${a.id}` } },
  };
}

export function parseLimit(
  raw: unknown,
  max: number,
  fallback: number,
): number {
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
export function sendPage<T>(
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

/** The 429 Okta answers once a rate-limit window's budget is spent. */
export function rateLimited(res: express.Response) {
  oktaError(
    res,
    429,
    'E0000047',
    'API call exceeded rate limit due to too many requests.',
  );
}

/** Okta's 404 for an id that names nothing of its `type` (User, UserGroup, ...). */
export function notFound(res: express.Response, id: string, type: string) {
  oktaError(
    res,
    404,
    'E0000007',
    `Not found: Resource not found: ${id} (${type})`,
  );
}

/** Okta's 403 for a change it refuses. */
export function forbidden(res: express.Response, summary: string) {
  oktaError(res, 403, 'E0000006', summary);
}

/** A page of users, rendered as Okta does. */
export function sendUsers(
  req: express.Request,
  res: express.Response,
  users: OktaUser[],
  defaultLimit?: number,
) {
  sendPage(
    req,
    res,
    users,
    u => u.id,
    u => renderUser(req, u),
    defaultLimit,
  );
}

/** A page of groups, rendered as Okta does. */
export function sendGroups(
  req: express.Request,
  res: express.Response,
  groups: OktaGroup[],
  directory: OktaDirectory,
) {
  sendPage(
    req,
    res,
    groups,
    g => g.id,
    g => renderGroup(req, g, directory),
  );
}

/** The group the path's `:groupId` names; undefined after a 404 when there is none. */
export function pathGroup(
  directory: OktaDirectory,
  req: express.Request,
  res: express.Response,
): OktaGroup | undefined {
  const g = directory.groups.get(req.params.groupId);
  if (!g) notFound(res, req.params.groupId, 'UserGroup');
  return g;
}
