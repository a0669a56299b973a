import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AccessRequest,
  HomeApp,
  IdleSeatHolder,
  productivHomeSettingsManagePermission,
  RequestSeats,
} from '@internal/plugin-productiv-home-common';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { tierLabel } from '../access/AccessService';
import { isAllowed } from '../authorization';

/** A holder is idle after this long without a sign-in to the app. */
export const IDLE_DAYS = 30;
/** Idle holders listed at most; the count says how many there are. */
export const MAX_IDLE_HOLDERS = 20;

type InventoryApps = Awaited<
  ReturnType<ProvisioningWorkflowsInventoryService['listApps']>
>;
type InventoryTier =
  InventoryApps[number]['instances'][number]['tiers'][number];

/**
 * The inventory instance and tier a request asks for: on the app's Okta
 * instance by its group or key; for an app not linked to an instance, the
 * first instance of the app that has the tier.
 */
export function requestedInventoryTier(
  apps: InventoryApps,
  request: Pick<AccessRequest, 'appKey' | 'tier'>,
  app?: HomeApp,
): { instanceId: string; tier: InventoryTier } | undefined {
  const grant = app?.okta?.tiers.find(t => t.tier === request.tier);
  const groupId = grant?.grant === 'okta-group' ? grant.groupId : undefined;
  const instances = app?.okta?.instanceId
    ? apps.flatMap(a => a.instances).filter(i => i.id === app.okta!.instanceId)
    : apps.find(a => a.key === request.appKey)?.instances ?? [];
  for (const instance of instances) {
    const tier = instance.tiers.find(
      t => (groupId && t.groupId === groupId) || t.tier === request.tier,
    );
    if (tier) return { instanceId: instance.id, tier };
  }
  return undefined;
}

/**
 * What the approvals page shows of the seats of a requested tier: the free
 * seats to whoever may see the request (its requester, approvers and the
 * super admins), and to Productiv admins (productiv-home.settings.manage)
 * also the holders who have not signed in for 30 days, whose seats could
 * be reclaimed to make room. The permission is checked here: the list is
 * never sent to anyone else. The inventory is read as Home.
 */
export class RequestSeatsService {
  constructor(
    private readonly deps: {
      /** The permission-checked read: a request the caller may not see is a 404. */
      requests: {
        getRequest(
          id: string,
          options: { credentials: BackstageCredentials<any> },
        ): Promise<AccessRequest>;
      };
      apps: { current(): Promise<{ apps: HomeApp[] }> };
      inventory?: ProvisioningWorkflowsInventoryService;
      auth: AuthService;
      permissions: PermissionsService;
      now?: () => number;
    },
  ) {}

  async seatsOf(
    requestId: string,
    options: { credentials: BackstageCredentials<any> },
  ): Promise<RequestSeats> {
    const request = await this.deps.requests.getRequest(requestId, options);
    const base: RequestSeats = {
      requestId,
      tier: request.tier,
      tierName: tierLabel(request.tier),
    };
    const { inventory } = this.deps;
    if (!inventory) return base;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const [{ apps }, inventoryApps, admin] = await Promise.all([
      this.deps.apps.current(),
      inventory.listApps({ credentials }),
      isAllowed(
        this.deps.permissions,
        productivHomeSettingsManagePermission,
        options.credentials,
      ),
    ]);
    const app = apps.find(a => a.appKey === request.appKey);
    const found = requestedInventoryTier(inventoryApps, request, app);
    if (!found) return base;
    const { tier, instanceId } = found;
    const seats: RequestSeats = {
      ...base,
      tierName: tier.displayName ?? base.tierName,
      holders: tier.holders,
    };
    if (tier.seats !== undefined) {
      seats.seats = tier.seats;
      seats.freeSeats = Math.max(0, tier.seats - tier.holders);
    }
    if (!admin) return seats;
    const cutoff = (this.deps.now ?? Date.now)() - IDLE_DAYS * 86_400_000;
    const idle = (await inventory.listAssignments(instanceId, { credentials }))
      .filter(
        a =>
          (a.tier === tier.tier ||
            (tier.groupId !== undefined && a.groupId === tier.groupId)) &&
          (!a.lastSignIn || Date.parse(a.lastSignIn) < cutoff),
      )
      // Never signed in first, then the longest idle.
      .sort(
        (a, b) =>
          (a.lastSignIn ? Date.parse(a.lastSignIn) : 0) -
          (b.lastSignIn ? Date.parse(b.lastSignIn) : 0),
      );
    seats.idleHolders = idle.slice(0, MAX_IDLE_HOLDERS).map(a => {
      const holder: IdleSeatHolder = {};
      if (a.entityRef) holder.entityRef = a.entityRef;
      if (a.displayName) holder.displayName = a.displayName;
      if (a.email) holder.email = a.email;
      if (a.lastSignIn) holder.lastSignIn = a.lastSignIn;
      return holder;
    });
    seats.idleHolderCount = idle.length;
    return seats;
  }
}
