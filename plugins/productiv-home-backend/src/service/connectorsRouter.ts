import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { productivHomeSettingsManagePermission } from '@internal/plugin-productiv-home-common';
import express from 'express';
import Router from 'express-promise-router';
import { HomeConfigCache } from '../services/catalog/HomeConfigCache';
import { ConnectorsService } from '../services/connectors/ConnectorsService';

/** The connectors for super admins: which are installed and active, and a live test of each. */
export function createConnectorsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  connectors: ConnectorsService;
  homeConfig: HomeConfigCache;
}): express.Router {
  const { httpAuth, permissions, auditor, connectors, homeConfig } = options;
  const router = Router();

  const requireSuperAdmin = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: productivHomeSettingsManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Only Productiv admins may see the connectors');
    }
  };

  router.get('/connectors', async (req, res) => {
    await requireSuperAdmin(req);
    const { approvalMethod } = await homeConfig.settings();
    res.json({ items: connectors.list(approvalMethod) });
  });

  // A live call: it changes nothing in the external system, but it is an
  // admin action with an outcome worth keeping, so it is audited.
  router.post('/connectors/:id/test', async (req, res) => {
    await requireSuperAdmin(req);
    const event = await auditor.createEvent({
      eventId: 'connector-test',
      severityLevel: 'low',
      request: req,
      meta: { connector: req.params.id },
    });
    try {
      const result = await connectors.test(req.params.id);
      await event.success({ meta: { ok: String(result.ok) } });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
