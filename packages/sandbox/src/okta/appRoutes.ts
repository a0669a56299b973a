import express from 'express';
import { baseUrl } from '../http';
import {
  ADMIN_ACTOR,
  AppUserEntry,
  Change,
  GroupAssignment,
  OktaDirectory,
} from './directory';
import {
  forbidden,
  notFound,
  oktaError,
  pathGroup,
  renderApp,
  renderUser,
  sendPage,
} from './responses';

/**
 * The Okta Management API's applications: listing and reading them, their
 * users (direct or through groups) and their group assignments.
 */
export function addAppRoutes(
  app: express.Express,
  deps: { directory: OktaDirectory; now: () => number },
) {
  const { directory } = deps;
  const application = (req: express.Request, res: express.Response) => {
    const a = directory.apps.get(req.params.appId);
    if (!a) notFound(res, req.params.appId, 'AppInstance');
    return a;
  };
  const group = (req: express.Request, res: express.Response) =>
    pathGroup(directory, req, res);
  // A write now, by whoever the credentials name.
  const change = (res: express.Response): Change => ({
    at: deps.now(),
    actor: res.locals.actor ?? ADMIN_ACTOR,
  });

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
    au: AppUserEntry,
  ) => {
    const u = directory.users.get(au.userId);
    const active = u?.status === 'ACTIVE';
    // An assignment of someone deactivated since is inactive since then.
    const statusChanged =
      !active && u?.statusChanged && u.statusChanged > au.created
        ? u.statusChanged
        : au.created;
    return {
      id: au.userId,
      externalId: null,
      created: au.created,
      lastUpdated: later(au.lastUpdated, statusChanged),
      scope: au.scope,
      status: active ? 'ACTIVE' : 'INACTIVE',
      statusChanged,
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
    const au = directory.appUser(a.id, req.params.userId);
    if (!au) {
      notFound(res, req.params.userId, 'AppUser');
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
    const changed = directory.assignUser(a.id, u.id, change(res));
    directory.recordWrite(
      { kind: 'app.user.assign', targetId: a.id, userId: u.id, changed },
      deps.now(),
    );
    res.json(renderAppUser(req, a.id, directory.appUser(a.id, u.id)!));
  });
  app.delete('/api/v1/apps/:appId/users/:userId', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    if (!directory.unassignUser(a.id, req.params.userId, change(res))) {
      if (directory.appUser(a.id, req.params.userId)) {
        forbidden(
          res,
          'The user is assigned through a group; remove them from the group instead',
        );
        return;
      }
      notFound(res, req.params.userId, 'AppUser');
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
    a: GroupAssignment,
  ) => ({
    id: groupId,
    lastUpdated: a.lastUpdated ?? directory.apps.get(appId)!.created,
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
    const asg = directory.assignGroup(
      a.id,
      g.id,
      {
        priority: Number(req.body?.priority ?? assignments.size),
        profile: (req.body?.profile as Record<string, unknown>) ?? {},
      },
      change(res),
    );
    res.json(renderAssignment(req, a.id, g.id, asg));
  });
  app.delete('/api/v1/apps/:appId/groups/:groupId', (req, res) => {
    const a = application(req, res);
    if (!a) return;
    directory.unassignGroup(a.id, req.params.groupId, change(res));
    res.status(204).end();
  });
}

function later(a: string, b: string) {
  return a > b ? a : b;
}
