import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  HttpAuthService,
  HttpRouterService,
  PermissionsService,
  SchedulerService,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';

/** The permissions that open a plugin's scheduler routes to a user. */
export type SchedulerRoutePermissions = {
  /** `GET /.backstage/scheduler/v1/tasks`: list the tasks and their state. */
  read: BasicPermission;
  /** `POST …/tasks/:id/trigger` and `…/cancel`: start or stop a task now. */
  trigger: BasicPermission;
};

/** Where Backstage's scheduler serves its REST API in each plugin. */
export const SCHEDULER_ROUTES_PATH = '/.backstage/scheduler';

/**
 * Refuses the scheduler's routes to users without the permission for what
 * they ask (read, or trigger and cancel). Service credentials pass: other
 * backends and tools call these routes with them.
 */
export function schedulerRoutesGuard(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  pluginId: string;
  routePermissions: SchedulerRoutePermissions;
}): express.Router {
  const { httpAuth, permissions, pluginId, routePermissions } = options;
  const router = Router();
  router.use(SCHEDULER_ROUTES_PATH, async (req, _res, next) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type === 'service') {
      next();
      return;
    }
    const permission =
      req.method === 'GET' || req.method === 'HEAD'
        ? routePermissions.read
        : routePermissions.trigger;
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only ${pluginId} admins may ${
          permission === routePermissions.read ? 'see' : 'start or stop'
        } its background tasks (permission ${permission.name})`,
      );
    }
    next();
  });
  return router;
}

/** The plugin's router as the scheduler sees it: everything it adds sits behind the guard. */
function guardedRouter(
  httpRouter: HttpRouterService,
  guard: express.Router,
): HttpRouterService {
  return {
    use(handler) {
      const router = Router();
      router.use(guard);
      router.use(handler);
      httpRouter.use(router);
    },
    addAuthPolicy(policy) {
      httpRouter.addAuthPolicy(policy);
    },
    addWebSocketHandler(handler) {
      httpRouter.addWebSocketHandler(handler);
    },
  };
}

/**
 * A plugin-scoped scheduler service for one plugin and its modules: the
 * same scheduler as `coreServices.scheduler` (tasks in the shared database,
 * one run at a time across replicas), but its REST routes check the caller.
 *
 * Backstage's own scheduler serves `/.backstage/scheduler/v1/tasks` to any
 * signed-in user, who can then trigger any task (backstage/backstage#30049).
 * A plugin cannot put a check in front of routes that were added before its
 * init ran, so it takes its scheduler from this ref instead of
 * `coreServices.scheduler`, and the default one is never made for it.
 */
export function createGuardedSchedulerServiceRef(options: {
  /** The service id, e.g. `productiv-home.scheduler`. */
  id: string;
  routePermissions: SchedulerRoutePermissions;
}): ServiceRef<SchedulerService, 'plugin', 'singleton'> {
  return createServiceRef<SchedulerService>({
    id: options.id,
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          database: coreServices.database,
          logger: coreServices.logger,
          rootLifecycle: coreServices.rootLifecycle,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          pluginMetadata: coreServices.pluginMetadata,
          metrics: metricsServiceRef,
        },
        factory(deps) {
          const guard = schedulerRoutesGuard({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            pluginId: deps.pluginMetadata.getId(),
            routePermissions: options.routePermissions,
          });
          return DefaultSchedulerService.create({
            ...deps,
            httpRouter: guardedRouter(deps.httpRouter, guard),
          });
        },
      }),
  });
}
