import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ConnectorsAdminService } from '../services/connectors/ConnectorsAdminService';
import { httpCaller } from './httpCaller';

/** The connectors for super admins: which are installed and active, and a live test of each. */
export function createConnectorsRouter(options: {
  httpAuth: HttpAuthService;
  connectorsAdmin: ConnectorsAdminService;
}): express.Router {
  const { connectorsAdmin } = options;
  const caller = httpCaller(options.httpAuth);
  const router = Router();

  router.get('/connectors', async (req, res) => {
    res.json({
      items: await connectorsAdmin.listConnectors(await caller(req)),
    });
  });

  router.post('/connectors/:id/test', async (req, res) => {
    res.json(
      await connectorsAdmin.testConnector(req.params.id, await caller(req)),
    );
  });

  return router;
}
