import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { provisioningWorkflowsInventoryReadPermission } from '@internal/plugin-provisioning-workflows-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { RunStore } from '../database/RunStore';

const listRunsQuery = z.object({
  kind: z.enum(['inventory-sync', 'activity-ingest', 'workflow']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** HTTP transport of provisioning workflows: parse, authorize, delegate. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  runs: RunStore;
}): Promise<express.Router> {
  const { httpAuth, permissions, runs } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: provisioningWorkflowsInventoryReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Only admins can see sync and ingest runs');
    }
    const parsed = listRunsQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `Invalid query: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    res.json({ items: await runs.list(parsed.data) });
  });

  return router;
}
