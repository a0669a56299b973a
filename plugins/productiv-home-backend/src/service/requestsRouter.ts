import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  AppFilter,
  HomeApp,
  HomeSettings,
  productivHomeAppManagePermission,
  productivHomeRequestCreatePermission,
  productivHomeRequestDecidePermission,
  productivHomeRequestReadPermission,
  productivHomeSettingsManagePermission,
  REQUEST_STATUSES,
  RequestFilter,
} from '@internal/plugin-productiv-home-common';
import { RequestResource } from '@internal/plugin-productiv-home-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { AppsStore } from '../database/AppsStore';
import { ApprovalsStore } from '../database/ApprovalsStore';
import { RequestsStore } from '../database/RequestsStore';
import { SettingsStore } from '../database/SettingsStore';
import {
  DEFAULT_HOME_SETTINGS,
  SETTINGS_KEY,
} from '../services/requests/defaults';
import { RequestUseCases } from '../services/requests/RequestUseCases';
import { HomeConfigCache } from '../services/catalog/HomeConfigCache';
import { PeerUsageService } from '../services/catalog/PeerUsageService';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';

const entityRef = z
  .string()
  .regex(
    /^(user|group):[^/]+\/.+$/,
    'must be an entity ref such as user:default/emma.jones',
  );
const approverSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manager') }),
  z.object({ type: z.literal('app-owner') }),
  z.object({ type: z.literal('users'), users: z.array(entityRef).min(1) }),
  z.object({ type: z.literal('group'), group: entityRef }),
]);
const homeAppBody = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000).default(''),
  category: z.string().trim().min(1).max(60).default('Other'),
  tiers: z
    .array(z.string().trim().min(1).max(64))
    .min(1, 'at least one requestable tier is required'),
  owners: z.array(entityRef).default([]),
  approval: z
    .object({
      required: z.enum(['everyone', 'everyone-except', 'no-one']),
      exceptGroups: z.array(entityRef).default([]),
      levels: z.array(approverSpec).max(2, 'at most two approval levels'),
    })
    .default({ required: 'everyone', exceptGroups: [], levels: [] }),
  fulfillment: z.enum(['automatic', 'ticket', 'manual']).default('manual'),
});
const settingsBody = z.object({
  approvalMethod: z.enum(['slack', 'email']),
  defaultApprovers: z.array(approverSpec).max(2),
  fallbackApprover: entityRef.optional(),
  reminderHours: z
    .array(
      z
        .number()
        .positive()
        .max(24 * 60),
    )
    .max(10),
  justificationRequired: z.boolean(),
});
const requestBody = z.object({
  appKey: z.string().min(1).max(255),
  tier: z.string().min(1).max(64),
  justification: z.string().max(4000).optional(),
});
const intakeBody = z.object({
  name: z.string().trim().min(1).max(120),
  url: z.string().url().max(2000).optional(),
  reason: z
    .string()
    .trim()
    .min(1, 'tell the approvers why you need it')
    .max(4000),
});
const appsQuery = z.object({
  manageable: z
    .enum(['true', 'false'])
    .optional()
    .transform(v => v === 'true'),
});
const requestsQuery = z.object({
  scope: z.enum(['mine', 'all']).default('mine'),
  status: z
    .union([z.enum(REQUEST_STATUSES), z.array(z.enum(REQUEST_STATUSES))])
    .optional()
    .transform(v => (v === undefined ? undefined : [v].flat())),
  appKey: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .uuid('must be the nextCursor of an earlier page')
    .optional(),
});
const decisionBody = z.object({
  decision: z.enum(['approved', 'denied']),
  comment: z.string().max(4000).optional(),
});

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** HTTP transport of the Home catalog, settings, requests and approvals. */
export async function createRequestsRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  apps: AppsStore;
  store: RequestsStore;
  approvals: ApprovalsStore;
  settings: SettingsStore;
  requests: RequestUseCases;
  homeConfig: HomeConfigCache;
  rulesets: {
    request: PermissionRuleset<RequestResource, RequestFilter>;
    app: PermissionRuleset<HomeApp, AppFilter>;
  };
  peerUsage?: PeerUsageService;
  inventory?: ProvisioningWorkflowsInventoryService;
}): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    apps,
    store,
    approvals,
    settings,
    requests,
    homeConfig,
    rulesets,
    peerUsage,
    inventory,
  } = options;
  const router = Router();
  router.use(express.json());

  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const allowed = async (
    credentials: BackstageCredentials,
    permission = productivHomeSettingsManagePermission,
  ) =>
    (await permissions.authorize([{ permission }], { credentials }))[0]
      .result === AuthorizeResult.ALLOW;
  const audited = async <T>(
    req: express.Request,
    eventId: string,
    meta: { [key: string]: string },
    fn: () => Promise<T>,
  ) => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };
  const me = (c: BackstageCredentials<BackstageUserPrincipal>) =>
    c.principal.userEntityRef;

  // Conditional decisions: applied to one loaded resource, or turned into
  // SQL for lists (see RequestStore).
  const requestAuthorizer = createConditionAuthorizer(rulesets.request);
  const requestTransformer = createConditionTransformer(rulesets.request);
  const appAuthorizer = createConditionAuthorizer(rulesets.app);
  const appTransformer = createConditionTransformer(rulesets.app);
  const mayOnRequest = async (
    credentials: BackstageCredentials,
    permission: ResourcePermission<'productiv-home-request'>,
    request: RequestResource,
  ) => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return requestAuthorizer(decision, request);
  };
  const mayManageApp = async (
    credentials: BackstageCredentials,
    app: HomeApp | undefined,
  ) => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: productivHomeAppManagePermission }],
      { credentials },
    );
    return appAuthorizer(decision, app);
  };

  router.get('/apps', async (req, res) => {
    const credentials = await user(req);
    const { manageable } = parse(appsQuery, req.query, 'query');
    if (!manageable) {
      res.json({ items: await apps.listApps() });
      return;
    }
    // The apps the caller may manage, filtered in SQL by the policy's conditions.
    const [decision] = await permissions.authorizeConditional(
      [{ permission: productivHomeAppManagePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    res.json({
      items: await apps.listAppsWhere(
        decision.result === AuthorizeResult.CONDITIONAL
          ? appTransformer(decision.conditions)
          : undefined,
      ),
    });
  });

  // The employee's catalog: the same for everyone, served from memory,
  // already serialized and compressed.
  router.get('/catalog', async (req, res) => {
    await user(req);
    const { version, listing } = await homeConfig.current();
    const etag = `"home-catalog-${version}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    const body = listing();
    res.type('application/json');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      // The compression middleware leaves encoded responses alone.
      res.setHeader('Content-Encoding', 'gzip');
      res.send(body.gzip);
    } else {
      res.send(body.json);
    }
  });

  // How many people on the caller's teams, with their title and in their
  // department used each app in the last 30 days (aggregated counts only).
  // Apart from the listing so that the catalog shows at once and the counts
  // follow; they change daily, so they are kept for a few minutes.
  router.get('/catalog/peers', async (req, res) => {
    const credentials = await user(req);
    if (!peerUsage) throw new NotFoundError('Peer usage is not available');
    res.json({ items: await peerUsage.forUser(credentials) });
  });

  // Apps of the inventory (Okta) that are not offered yet, for the admins'
  // "Not in Productiv Home" tab, with tiers suggested from their groups.
  router.get('/catalog/candidates', async (req, res) => {
    const credentials = await user(req);
    if (!(await allowed(credentials)))
      throw new NotAllowedError(
        'Only Productiv admins may manage the Home catalog',
      );
    if (!inventory)
      throw new NotFoundError('The app inventory is not available');
    const offered = new Set((await apps.listApps()).map(a => a.appKey));
    const inventoryApps = await inventory.listApps({ credentials });
    res.json({
      items: inventoryApps
        .filter(
          a =>
            !offered.has(a.key) &&
            a.instances.some(i => i.status !== 'REMOVED'),
        )
        .map(a => ({
          appKey: a.key,
          name: a.name,
          instances: a.instances.map(i => i.label),
          suggestedTiers: [
            ...new Set(a.instances.flatMap(i => i.tiers.map(t => t.tier))),
          ],
          automatic: a.instances.some(i => i.tiers.some(t => t.groupId)),
        })),
    });
  });

  router.put('/apps/:appKey', async (req, res) => {
    const credentials = await user(req);
    const body = parse(homeAppBody, req.body, 'app');
    const existing = await apps.getApp(req.params.appKey);
    // Adding an app takes an unconditional grant (super admins); changing
    // one may be granted per app (its owners).
    if (!(await mayManageApp(credentials, existing))) {
      throw new NotAllowedError(
        existing
          ? 'Only Productiv admins and the app owners may change an app in Productiv Home'
          : 'Only Productiv admins may add an app to Productiv Home',
      );
    }
    const app = { appKey: req.params.appKey, ...body };
    await audited(req, 'home-app-update', { appKey: app.appKey }, () =>
      apps.putApp(app, me(credentials), Date.now()),
    );
    homeConfig.invalidate();
    res.json(app);
  });

  router.delete('/apps/:appKey', async (req, res) => {
    const credentials = await user(req);
    const existing = await apps.getApp(req.params.appKey);
    if (!existing)
      throw new NotFoundError(`${req.params.appKey} is not in Productiv Home`);
    if (!(await mayManageApp(credentials, existing))) {
      throw new NotAllowedError(
        'Only Productiv admins and the app owners may remove an app from Productiv Home',
      );
    }
    await audited(req, 'home-app-remove', { appKey: existing.appKey }, () =>
      apps.deleteApp(existing.appKey),
    );
    homeConfig.invalidate();
    res.status(204).end();
  });

  router.get('/settings', async (req, res) => {
    if (!(await allowed(await user(req))))
      throw new NotAllowedError('Only Productiv admins may see the settings');
    res.json(
      (await settings.get<HomeSettings>(SETTINGS_KEY))?.value ??
        DEFAULT_HOME_SETTINGS,
    );
  });

  router.put('/settings', async (req, res) => {
    const credentials = await user(req);
    if (!(await allowed(credentials)))
      throw new NotAllowedError(
        'Only Productiv admins may change the settings',
      );
    const body = parse(settingsBody, req.body, 'settings');
    await audited(req, 'settings-update', {}, () =>
      settings.put(SETTINGS_KEY, body, me(credentials)),
    );
    homeConfig.invalidate();
    res.json(body);
  });

  router.post('/requests', async (req, res) => {
    const credentials = await user(req);
    if (!(await allowed(credentials, productivHomeRequestCreatePermission))) {
      throw new NotAllowedError('You may not request apps');
    }
    const body = parse(requestBody, req.body, 'request');
    const created = await audited(
      req,
      'request-create',
      { appKey: body.appKey, tier: body.tier },
      () => requests.submit(body, { requester: me(credentials) }),
    );
    res.status(201).json(created);
  });

  router.post('/requests/intake', async (req, res) => {
    const credentials = await user(req);
    if (!(await allowed(credentials, productivHomeRequestCreatePermission))) {
      throw new NotAllowedError('You may not request apps');
    }
    const body = parse(intakeBody, req.body, 'request');
    const created = await audited(
      req,
      'request-create',
      { app: body.name, intake: 'true' },
      () => requests.submitIntake(body, { requester: me(credentials) }),
    );
    res.status(201).json(created);
  });

  // The caller's own requests by default; `scope=all` lists every request
  // the permission policy lets them see (own, to approve, of apps they
  // manage, or all for admins), filtered in SQL.
  router.get('/requests', async (req, res) => {
    const credentials = await user(req);
    const q = parse(requestsQuery, req.query, 'query');
    let filter: PermissionCriteria<RequestFilter> | undefined;
    if (q.scope === 'mine') {
      filter = { property: 'requester', values: [me(credentials)] };
    } else {
      const [decision] = await permissions.authorizeConditional(
        [{ permission: productivHomeRequestReadPermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.DENY) {
        res.json({ items: [] });
        return;
      }
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        filter = requestTransformer(decision.conditions);
      }
    }
    res.json(
      await store.listRequests({
        filter,
        status: q.status,
        appKey: q.appKey,
        limit: q.limit,
        cursor: q.cursor,
      }),
    );
  });

  router.get('/approvals', async (req, res) => {
    res.json({ items: await approvals.listAwaiting(me(await user(req))) });
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await user(req);
    const [request] = await store.getRequestResources([req.params.id]);
    if (
      !request ||
      !(await mayOnRequest(
        credentials,
        productivHomeRequestReadPermission,
        request,
      ))
    ) {
      // The same answer as for a missing request: nothing leaks about others' requests.
      throw new NotFoundError(`No request ${req.params.id}`);
    }
    const { version, appOwners, ...visible } = request;
    res.json(visible);
  });

  router.post('/requests/:id/decision', async (req, res) => {
    const credentials = await user(req);
    const body = parse(decisionBody, req.body, 'decision');
    const [request] = await store.getRequestResources([req.params.id]);
    if (!request) throw new NotFoundError(`No request ${req.params.id}`);
    if (
      !(await mayOnRequest(
        credentials,
        productivHomeRequestDecidePermission,
        request,
      ))
    ) {
      await audited(
        req,
        'request-decision-refused',
        { requestId: req.params.id },
        async () => {
          throw new NotAllowedError(
            request.requester === me(credentials)
              ? 'You cannot decide on your own request'
              : `Request ${req.params.id} is not waiting for your decision`,
          );
        },
      );
    }
    const decided = await audited(
      req,
      body.decision === 'approved' ? 'request-approve' : 'request-deny',
      { requestId: req.params.id },
      () => requests.decide(req.params.id, body, { actor: me(credentials) }),
    );
    res.json(decided);
  });

  // Admins send a failed request to fulfillment again (after fixing a
  // connector, or when the person now has an Okta account).
  router.post('/requests/:id/retry', async (req, res) => {
    const credentials = await user(req);
    const [request] = await store.getRequestResources([req.params.id]);
    if (!request) throw new NotFoundError(`No request ${req.params.id}`);
    const app = await apps.getApp(request.appKey);
    if (!(await mayManageApp(credentials, app))) {
      throw new NotAllowedError(
        'Only Productiv admins and the app owners may retry a request',
      );
    }
    const retried = await audited(
      req,
      'request-retry',
      { requestId: req.params.id },
      () =>
        requests.retryFulfillment(req.params.id, { actor: me(credentials) }),
    );
    res.json(retried);
  });

  router.post('/requests/:id/cancel', async (req, res) => {
    const credentials = await user(req);
    const cancelled = await audited(
      req,
      'request-cancel',
      { requestId: req.params.id },
      () => requests.cancel(req.params.id, { actor: me(credentials) }),
    );
    res.json(cancelled);
  });

  return router;
}
