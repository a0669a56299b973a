import { ApiRouter } from '@backstage/backend-openapi-utils';
import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { createSpecRouter, withBodyErrors } from '@internal/openapi-router';
import express from 'express';
import Router from 'express-promise-router';
import { RunStore } from '../database/RunStore';
import { createOpenApiRouter, spec } from '../schema/openapi/generated/router';
import { AuthorizedInventoryService } from '../services/inventory/AuthorizedInventoryService';
import { TierInput } from '../services/inventory/DefaultInventoryService';
import { RunsService } from '../services/runs/types';
import { WorkflowsService } from '../services/workflows/types';
import { TeamUsageService } from '../services/inventory/TeamUsageService';
import { DashboardService } from '../services/dashboard/DefaultDashboardService';
import { RestoresService } from '../services/restores/types';
import { audited } from './auditing';
import { addDashboardRoutes } from './dashboardRouter';
import { addRestoreRoutes } from './restoresRouter';
import { BacktestService } from '../services/backtest/types';
import { addBacktestRoutes } from './backtestRouter';
import { addTeamRoutes } from './teamsRouter';
import { addWorkflowRoutes } from './workflowsRouter';

/** The router generated from the spec: routes on it are validated and typed by it. */
export type SpecApi = ApiRouter<typeof spec>;

/** The largest JSON body, but for the exempt lists. */
export const BODY_LIMIT = '100kb';
/** The exempt lists' body: a CSV of up to 2,000,000 characters, JSON-escaped. */
export const EXEMPTIONS_BODY_LIMIT = '4mb';

/** Starts a sync now; undefined when Okta is not configured. */
export type SyncTriggers = {
  inventory(): Promise<void>;
  activity(): Promise<void>;
};

type RouterOptions = {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  runs: RunStore;
  inventory: AuthorizedInventoryService;
  triggers?: SyncTriggers;
  workflows: WorkflowsService;
  workflowRuns: RunsService;
  /** The team card of catalog Group pages. */
  teams: TeamUsageService;
  /** The savings dashboard. */
  dashboard: DashboardService;
  /** Backtests of workflows over the kept history. */
  backtests?: BacktestService;
  /** What workflows took from people, and restores. */
  restores?: RestoresService;
};

/**
 * HTTP transport of provisioning workflows: the spec validates the request,
 * the route authenticates, delegates and audits.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { api, router } = await createSpecRouter(createOpenApiRouter, {
    spec,
    bodyLimit: BODY_LIMIT,
  });
  addInventoryRoutes(api, options);
  addWorkflowRoutes(api, {
    httpAuth: options.httpAuth,
    auditor: options.auditor,
    workflows: options.workflows,
    runs: options.workflowRuns,
  });
  addTeamRoutes(api, options);
  addDashboardRoutes(api, options);
  addBacktestRoutes(api, options);
  addRestoreRoutes(api, options);
  const outer = Router();
  // Parsed here with its own limit; the spec router then takes the body as parsed.
  outer.use(
    '/exemptions',
    withBodyErrors(express.json({ limit: EXEMPTIONS_BODY_LIMIT })),
  );
  outer.use(router);
  return outer;
}

/** Health, background runs, the inventory and the syncs. */
function addInventoryRoutes(api: SpecApi, options: RouterOptions) {
  const { httpAuth, auditor, runs, inventory, triggers } = options;

  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  api.get('/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    await inventory.requireInventoryRead({ credentials });
    // The spec's default, applied already; repeated for the types.
    const { kind, limit = 50 } = req.query;
    res.json({ items: await runs.list({ kind, limit }) });
  });

  api.get('/apps', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({ items: await inventory.listApps({ credentials }) });
  });

  api.get('/instances/:instanceId/assignments', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({
      items: await inventory.listAssignments(req.params.instanceId, {
        credentials,
      }),
    });
  });

  api.put('/instances/:instanceId/tiers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Lowest first, as given; absent fields stay absent.
    const tiers = req.body.tiers.map(t => {
      const tier: TierInput = { tier: t.tier.trim() };
      const displayName = t.displayName?.trim();
      const description = t.description?.trim();
      if (displayName) tier.displayName = displayName;
      if (description) tier.description = description;
      if (t.groupId !== undefined) tier.groupId = t.groupId;
      if (t.monthlyPrice !== undefined) tier.monthlyPrice = t.monthlyPrice;
      if (t.seats !== undefined) tier.seats = t.seats;
      return tier;
    });
    const { instanceId } = req.params;
    const meta = { instanceId, tiers: tiers.map(t => t.tier) };
    res.json(
      await audited(auditor, req, 'tiers-update', meta, () =>
        inventory.setTiers(instanceId, tiers, { credentials }),
      ),
    );
  });

  api.get('/people/unmatched', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await inventory.unmatchedPeople({ credentials }));
  });

  api.get('/people/peer-usage', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await inventory.peerUsage(req.query.entityRef, { credentials }));
  });

  api.get('/people/holdings', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({
      items: await inventory.listHoldings(req.query.entityRef, {
        credentials,
      }),
    });
  });

  api.post('/sync/:kind', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { kind } = req.params;
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
}
