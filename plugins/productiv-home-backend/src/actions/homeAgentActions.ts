import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AccessRequest,
  CatalogListing,
  CatalogTier,
  REQUEST_STATUSES,
} from '@internal/plugin-productiv-home-common';
import { AccessService } from '../services/access/AccessService';
import { RequestService } from '../services/requests/types';

/**
 * What an agent reads of a request: by name, with what it waits on. The
 * whole request (history, every approval) stays in the HTTP API.
 */
function requestSummary(r: AccessRequest, appNames: Map<string, string>) {
  return {
    requestId: r.id,
    appKey: r.appKey,
    appName: appNames.get(r.appKey) ?? r.appKey,
    tier: r.tier,
    requester: r.requester,
    status: r.status,
    level: r.level ?? null,
    justification: r.justification ?? null,
    createdAt: r.createdAt,
  };
}

const requestSchema = (z: any) =>
  z.object({
    requestId: z.string(),
    appKey: z.string(),
    appName: z.string(),
    tier: z.string(),
    requester: z.string().describe('Entity ref of the person who asked'),
    status: z.enum(REQUEST_STATUSES),
    level: z
      .number()
      .nullable()
      .describe('The approval level it waits at, while pending'),
    justification: z.string().nullable(),
    createdAt: z.string(),
  });

/** Agents act for people only: the same rule as every HTTP route. */
function asUser(
  auth: AuthService,
  credentials: BackstageCredentials,
): BackstageCredentials<BackstageUserPrincipal> {
  if (!auth.isPrincipal(credentials, 'user')) {
    throw new NotAllowedError(
      'Productiv Home acts for a person: call this action as a signed-in user',
    );
  }
  return credentials;
}

/**
 * The reads and the decision of Productiv Home in the actions registry
 * (and so, through the MCP actions backend, to agents): the app catalog,
 * the caller's access, requests and pending approvals, and deciding one.
 * Each goes through the same authorized services as the HTTP routes, so
 * the same permissions, rules and audit events apply; an agent can never
 * do more than the person it acts for.
 */
export function createHomeAgentActions(options: {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  requests: RequestService;
  homeConfig: { current(): Promise<{ apps: CatalogListing[] }> };
  access?: AccessService;
}) {
  const { actionsRegistry, auth, requests, homeConfig, access } = options;
  const appNames = async () =>
    new Map((await homeConfig.current()).apps.map(a => [a.appKey, a.name]));

  actionsRegistry.register({
    name: 'list-catalog',
    title: 'List the app catalog',
    description:
      'The apps people can request in Productiv Home, with their tiers (lowest first) by name, description and monthly price when known. Use an appKey and a tier from here to request an app.',
    attributes: { destructive: false, idempotent: true, readOnly: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          apps: z.array(
            z.object({
              appKey: z.string(),
              name: z.string(),
              description: z.string().nullable(),
              tiers: z.array(
                z.object({
                  tier: z.string(),
                  name: z.string(),
                  description: z.string().nullable(),
                  monthlyPrice: z.number().nullable(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ credentials }) => {
      asUser(auth, credentials);
      const { apps } = await homeConfig.current();
      const details = new Map(
        (access ? await access.catalogTiers().catch(() => []) : []).map(a => [
          a.appKey,
          a.tiers,
        ]),
      );
      return {
        output: {
          apps: apps.map(app => {
            const named = details.get(app.appKey);
            const tiers: CatalogTier[] = named?.length
              ? named
              : app.tiers.map(tier => ({ tier, displayName: tier }));
            return {
              appKey: app.appKey,
              name: app.name,
              description: app.description ?? null,
              tiers: tiers.map(t => ({
                tier: t.tier,
                name: t.displayName,
                description: t.description ?? null,
                monthlyPrice: t.monthlyPrice ?? null,
              })),
            };
          }),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'my-access',
    title: 'List my access',
    description:
      'The apps the calling user holds now, according to Okta, with the tier by name and when they last signed in.',
    attributes: { destructive: false, idempotent: true, readOnly: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              appKey: z.string().nullable(),
              appName: z.string(),
              tier: z.string().nullable(),
              tierName: z.string().nullable(),
              since: z.string(),
              lastSignIn: z.string().nullable(),
            }),
          ),
        }),
    },
    action: async ({ credentials }) => {
      const user = asUser(auth, credentials);
      if (!access) throw new NotFoundError('The inventory is not available');
      const held = await access.heldBy(user.principal.userEntityRef, user);
      return {
        output: {
          items: held.map(h => ({
            appKey: h.appKey ?? null,
            appName: h.appName,
            tier: h.tier ?? null,
            tierName: h.tierName ?? null,
            since: h.since,
            lastSignIn: h.lastSignIn ?? null,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-my-requests',
    title: 'List my requests',
    description:
      "The calling user's own requests, newest first, optionally only those in some statuses (e.g. pending_approval).",
    attributes: { destructive: false, idempotent: true, readOnly: true },
    schema: {
      input: z =>
        z.object({
          status: z
            .array(z.enum(REQUEST_STATUSES))
            .optional()
            .describe('Only requests in these statuses'),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z => z.object({ items: z.array(requestSchema(z)) }),
    },
    action: async ({ input, credentials }) => {
      const user = asUser(auth, credentials);
      const page = await requests.listRequests(
        { scope: 'mine', status: input.status, limit: input.limit ?? 20 },
        { credentials: user },
      );
      const names = await appNames();
      return {
        output: { items: page.items.map(r => requestSummary(r, names)) },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-my-approvals',
    title: 'List approvals waiting for me',
    description:
      'Requests that wait for the calling user to approve or deny them, at the level they are at.',
    attributes: { destructive: false, idempotent: true, readOnly: true },
    schema: {
      input: z => z.object({}),
      output: z => z.object({ items: z.array(requestSchema(z)) }),
    },
    action: async ({ credentials }) => {
      const user = asUser(auth, credentials);
      const waiting = await requests.listAwaiting({ credentials: user });
      const names = await appNames();
      return { output: { items: waiting.map(r => requestSummary(r, names)) } };
    },
  });

  actionsRegistry.register({
    name: 'decide-approval',
    title: 'Approve or deny a request',
    description:
      'Approves or denies a request that waits for the calling user. Only an approver the request waits on may decide it, never the requester; anything else is refused.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          requestId: z.string().min(1),
          decision: z.enum(['approved', 'denied']),
          comment: z
            .string()
            .max(2000)
            .optional()
            .describe('Shown to the requester (a reason for a denial)'),
        }),
      output: z =>
        z.object({
          requestId: z.string(),
          status: z.enum(REQUEST_STATUSES),
          level: z.number().nullable(),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = asUser(auth, credentials);
      const decided = await requests.decide(
        input.requestId,
        { decision: input.decision, comment: input.comment },
        { credentials: user, origin: { via: 'actions-registry' } },
      );
      return {
        output: {
          requestId: decided.id,
          status: decided.status,
          level: decided.level ?? null,
        },
      };
    },
  });
}
