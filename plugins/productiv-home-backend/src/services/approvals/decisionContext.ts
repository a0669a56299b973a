import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AccessRequest, HomeApp } from '@internal/plugin-productiv-home-common';
import { ApprovalMessage } from '@internal/plugin-productiv-home-node';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { PeopleDirectory } from '../requests/types';

type LicenseTier = Awaited<
  ReturnType<ProvisioningWorkflowsInventoryService['listApps']>
>[number]['instances'][number]['tiers'][number];

export type DecisionContextDeps = {
  inventory?: ProvisioningWorkflowsInventoryService;
  auth?: AuthService;
  people: PeopleDirectory;
  /** For the display name of the requester's team. */
  catalog?: CatalogService;
  logger: LoggerService;
};

/** A best-effort read: the message is worth sending without it. */
async function quietly<T>(
  logger: LoggerService,
  what: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    logger.warn(`Could not read ${what} for an approval message`, {
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** The inventory tier a request asks for: on the app's Okta instance, by its group or key. */
function requestedTier(
  apps: Awaited<ReturnType<ProvisioningWorkflowsInventoryService['listApps']>>,
  request: AccessRequest,
  app?: HomeApp,
): LicenseTier | undefined {
  const instanceId = app?.okta?.instanceId;
  const grant = app?.okta?.tiers.find(t => t.tier === request.tier);
  const groupId = grant?.grant === 'okta-group' ? grant.groupId : undefined;
  const instance = instanceId
    ? apps.flatMap(a => a.instances).find(i => i.id === instanceId)
    : undefined;
  if (instance) {
    return instance.tiers.find(
      t => (groupId && t.groupId === groupId) || t.tier === request.tier,
    );
  }
  // Not linked: the first tier of that key in the app's instances.
  return apps
    .find(a => a.key === request.appKey)
    ?.instances.flatMap(i => i.tiers)
    .find(t => t.tier === request.tier);
}

/** The team's name people know: its display name, else its entity name. */
async function teamName(
  deps: DecisionContextDeps,
  groupRef: string,
): Promise<string> {
  const fallback = groupRef.replace(/^[^:]+:(?:[^/]+\/)?/, '');
  if (!deps.catalog || !deps.auth) return fallback;
  const entity = await deps.catalog.getEntityByRef(groupRef, {
    credentials: await deps.auth.getOwnServiceCredentials(),
  });
  const profile = (entity?.spec as { profile?: { displayName?: string } })
    ?.profile;
  return profile?.displayName || entity?.metadata.title || fallback;
}

/**
 * What an approver needs to decide, beyond the request itself: who the
 * requester is (title, team), how many on their team hold the requested
 * tier and how many peers use the app, the tier's price and free seats,
 * and the duration asked for. Each part is read on its own and left out
 * when it cannot be.
 */
export async function decisionContext(
  deps: DecisionContextDeps,
  request: AccessRequest,
  app?: HomeApp,
): Promise<Partial<ApprovalMessage>> {
  const { inventory, auth, people, logger } = deps;
  const groups =
    (await quietly(logger, 'teams', () =>
      people.groupsOf(request.requester),
    )) ?? [];
  const team = groups.length
    ? await quietly(logger, 'the team name', () => teamName(deps, groups[0]))
    : undefined;
  const context: Partial<ApprovalMessage> = {
    ...(team ? { requesterTeam: team } : {}),
    ...(request.accessDays ? { accessDays: request.accessDays } : {}),
  };
  if (!inventory || !auth) return context;
  const credentials = await auth.getOwnServiceCredentials();
  const [apps, peers] = await Promise.all([
    quietly(logger, 'the inventory', () => inventory.listApps({ credentials })),
    quietly(logger, 'peer usage', () =>
      inventory.getPeerUsage(request.requester, { credentials }),
    ),
  ]);
  const tier = apps && requestedTier(apps, request, app);
  if (tier?.monthlyPrice !== undefined)
    context.tierMonthlyCost = tier.monthlyPrice;
  if (tier?.seats !== undefined)
    context.tierFreeSeats = Math.max(0, tier.seats - tier.holders);
  if (peers) {
    const count = (list?: Array<{ appKey: string; users: number }>) =>
      list?.find(p => p.appKey === request.appKey)?.users ?? 0;
    context.peers = {
      team: count(peers.byTeam),
      title: count(peers.byTitle),
      department: count(peers.byDepartment),
    };
    if (peers.title) context.requesterTitle = peers.title;
  }
  const instanceId = app?.okta?.instanceId;
  if (instanceId && groups.length) {
    const peersAtTier = await quietly(logger, 'assignments', async () => {
      const members = new Set(
        (await Promise.all(groups.map(g => people.membersOf(g)))).flat(),
      );
      members.delete(request.requester);
      const assignments = await inventory.listAssignments(instanceId, {
        credentials,
      });
      const holders = new Set(
        assignments
          .filter(
            a =>
              a.entityRef &&
              members.has(a.entityRef) &&
              (a.tier === request.tier ||
                (tier?.groupId !== undefined && a.groupId === tier.groupId)),
          )
          .map(a => a.entityRef),
      );
      return holders.size;
    });
    if (peersAtTier !== undefined) context.peersAtTier = peersAtTier;
  }
  return context;
}
