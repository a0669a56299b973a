import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ProfileService } from '../services/ProfileService';

/** HTTP transport of Productiv Home: parse, authenticate, delegate. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  profiles: ProfileService;
}): Promise<express.Router> {
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
