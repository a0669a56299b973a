import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ProfileService } from '../services/ProfileService';
import { createAppsRouter } from './appsRouter';
import { createConnectorsRouter } from './connectorsRouter';
import { ProductivHomeContext } from './context';
import { createRequestsRouter } from './requestsRouter';

/** HTTP transport of Productiv Home: parse, authenticate, delegate. */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  profiles: ProfileService;
}): express.Router {
  const { httpAuth, profiles } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/me', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await profiles.getProfile({ credentials }));
  });

  return router;
}

/** Every router of the plugin, one per area, in mounting order. */
export function createRouters(
  options: ProductivHomeContext & { httpAuth: HttpAuthService },
): express.Router[] {
  return [
    createRouter(options),
    createAppsRouter(options),
    createRequestsRouter(options),
    createConnectorsRouter(options),
  ];
}
