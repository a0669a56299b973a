import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { RUN_KINDS } from '@internal/plugin-provisioning-workflows-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { RunStore } from '../database/RunStore';
import { AuthorizedInventoryService } from '../services/inventory/AuthorizedInventoryService';
import { RunsService } from '../services/runs/types';
import { WorkflowsService } from '../services/workflows/types';
import { audited } from './auditing';
import { parse } from './parse';
import { createWorkflowsRouter } from './workflowsRouter';

const listRunsQuery = z.object({
  kind: z.enum(RUN_KINDS as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const tiersBody = z.object({
  tiers: z
    .array(
      z.object({
        tier: z
          .string()
          .trim()
          .min(1)
          .max(64)
          .regex(
            /^[a-z0-9][a-z0-9-]*$/,
            'use lower-case letters, digits and dashes',
          ),
        groupId: z.string().min(1).max(64).optional(),
        monthlyPrice: z.number().min(0).max(1_000_000).optional(),
      }),
    )
    .max(20),
});

const peerUsageQuery = z.object({
  entityRef: z
    .string()
    .regex(
      /^user:[^/]+\/.+$/,
      'must be a user entity ref such as user:default/emma.jones',
    ),
});

/** Starts a sync now; undefined when Okta is not configured. */
export type SyncTriggers = {
  inventory(): Promise<void>;
  activity(): Promise<void>;
};

/** HTTP transport of provisioning workflows: parse, authenticate, delegate, audit. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  runs: RunStore;
  inventory: AuthorizedInventoryService;
  triggers?: SyncTriggers;
  workflows: WorkflowsService;
  workflowRuns: RunsService;
}): Promise<express.Router> {
  const { httpAuth, auditor, runs, inventory, triggers } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    await inventory.requireInventoryRead({ credentials });
    const query = parse(listRunsQuery, req.query, 'query');
    res.json({
      items: await runs.list(
        query as { kind?: (typeof RUN_KINDS)[number]; limit: number },
      ),
    });
  });

  router.get('/apps', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({ items: await inventory.listApps({ credentials }) });
  });

  router.get('/instances/:instanceId/assignments', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({
      items: await inventory.listAssignments(req.params.instanceId, {
        credentials,
      }),
    });
  });

  router.put('/instances/:instanceId/tiers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(tiersBody, req.body, 'body');
    const { instanceId } = req.params;
    const meta = { instanceId, tiers: body.tiers.map(t => t.tier) };
    res.json(
      await audited(auditor, req, 'tiers-update', meta, () =>
        inventory.setTiers(instanceId, body.tiers, { credentials }),
      ),
    );
  });

  router.get('/people/unmatched', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await inventory.unmatchedPeople({ credentials }));
  });

  router.get('/people/peer-usage', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = parse(peerUsageQuery, req.query, 'query');
    res.json(await inventory.peerUsage(entityRef, { credentials }));
  });

  router.post('/sync/:kind', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const kind = req.params.kind;
    if (kind !== 'inventory' && kind !== 'activity') {
      throw new InputError(`Unknown sync '${kind}'; use inventory or activity`);
    }
    await audited(auditor, req, 'sync-trigger', { kind }, async () => {
      await inventory.requireManage({ credentials });
      if (!triggers) {
        throw new ServiceUnavailableError(
          'Okta is not configured (connectors.okta in app-config.yaml)',
        );
      }
      try {
        await triggers[kind]();
      } catch (error) {
        if ((error as Error).name === 'ConflictError') {
          throw new ConflictError(`The ${kind} sync is already running`);
        }
        throw error;
      }
    });
    res.status(202).json({ status: 'started' });
  });

  router.use(
    createWorkflowsRouter({
      httpAuth,
      auditor,
      workflows: options.workflows,
      runs: options.workflowRuns,
    }),
  );

  return router;
}
