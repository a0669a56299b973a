import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, ResponseError } from '@backstage/errors';
import {
  CatalogAppTiers,
  CatalogTier,
  HeldAccess,
  HomeApp,
} from '@internal/plugin-productiv-home-common';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { InventoryApp } from '../apps/oktaLinks';

type PersonHolding = Awaited<
  ReturnType<ProvisioningWorkflowsInventoryService['listHoldings']>
>[number];

/** How long the tier details read from the inventory are kept. */
const TIERS_TTL_MS = 60_000;

/** `viewer` → `Viewer`, `sales-cloud` → `Sales cloud`: a name when the inventory has none. */
export function tierLabel(key: string): string {
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/**
 * What people hold, from the inventory (Okta is the source of truth), told
 * in the Home catalog's terms: the Home app and tier each assignment
 * grants. Also the tiers' names, descriptions and prices, for the catalog.
 */
export class AccessService {
  private tiers?: { atMs: number; value: Promise<CatalogAppTiers[]> };

  constructor(
    private readonly deps: {
      inventory: ProvisioningWorkflowsInventoryService;
      auth: AuthService;
      apps: { current(): Promise<{ apps: HomeApp[] }> };
      logger?: LoggerService;
      now?: () => number;
      /** Time-bound access: the expiry of what a person holds. */
      grants?: {
        listOf(requester: string): Promise<
          Array<{
            requestId: string;
            appKey: string;
            tier: string;
            expiresAtMs: number;
          }>
        >;
      };
    },
  ) {}

  /** The caller's holdings, apps offered in Home first. */
  async heldBy(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<HeldAccess[]> {
    const holdings = await this.holdingsOf(userRef, credentials);
    const { apps } = await this.deps.apps.current();
    const names = await this.tierNames();
    const grants = (await this.deps.grants?.listOf(userRef)) ?? [];
    const items = holdings.map((h): HeldAccess => {
      const app = homeAppOf(apps, h);
      const tier = app ? homeTierOf(app, h) : h.tier;
      const grant = app
        ? grants.find(g => g.appKey === app.appKey && g.tier === tier)
        : undefined;
      return {
        appKey: app?.appKey,
        appName: app?.name ?? h.appName,
        instanceId: h.instanceId,
        tier,
        tierName: tier
          ? names.get(`${app?.appKey}|${tier}`) ??
            h.tierDisplayName ??
            tierLabel(tier)
          : undefined,
        since: h.assignedAt,
        lastSignIn: h.lastSignIn,
        ...(grant
          ? {
              expiresAt: new Date(grant.expiresAtMs).toISOString(),
              grantId: grant.requestId,
            }
          : {}),
      };
    });
    return items.sort(
      (a, b) =>
        Number(!a.appKey) - Number(!b.appKey) ||
        a.appName.localeCompare(b.appName),
    );
  }

  /**
   * The tier of `app` the person holds now, if any. Asking again for that
   * tier is refused; asking for another one is a tier change from it.
   */
  async heldTier(app: HomeApp, userRef: string): Promise<string | undefined> {
    if (!app.okta) return undefined;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const holdings = await this.holdingsOf(userRef, credentials);
    const holding = holdings.find(h => h.instanceId === app.okta?.instanceId);
    return holding ? homeTierOf(app, holding) ?? '' : undefined;
  }

  /**
   * What the person holds of `app` now, with the tier's display name and
   * since when (the assignment's start in Okta); `tier` is empty when the
   * assignment grants no tier Home knows. Throws when the inventory cannot
   * be read: a license given back must be one the person holds.
   */
  async holdingOf(
    app: HomeApp,
    userRef: string,
  ): Promise<{ tier: string; tierName: string; since: string } | undefined> {
    if (!app.okta) return undefined;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const holdings = await this.holdingsOf(userRef, credentials);
    const holding = holdings.find(h => h.instanceId === app.okta?.instanceId);
    if (!holding) return undefined;
    const tier = homeTierOf(app, holding) ?? '';
    return {
      tier,
      tierName: tier
        ? await this.tierName(app.appKey, tier)
        : holding.tierDisplayName ?? '',
      since: holding.assignedAt,
    };
  }

  /** A tier's display name from the inventory, else its key in words. */
  async tierName(appKey: string, tier: string): Promise<string> {
    return (await this.tierNames()).get(`${appKey}|${tier}`) ?? tierLabel(tier);
  }

  /**
   * Refuses a request for the tier the person already holds, and says which
   * tier a request changes from. When the inventory cannot be read the
   * request goes ahead as a first grant: granting is idempotent, and a
   * down inventory must not stop people asking for access.
   */
  async refuseHeld(app: HomeApp, userRef: string, tier: string) {
    let held: string | undefined;
    try {
      held = await this.heldTier(app, userRef);
    } catch (error) {
      this.deps.logger?.warn(
        `Could not read what ${userRef} holds of ${app.appKey}: ${error}`,
      );
      return undefined;
    }
    if (held === tier) {
      const name = (await this.tierNames()).get(`${app.appKey}|${tier}`);
      throw new ConflictError(
        `You already have ${app.name} ${
          name ?? tierLabel(tier)
        }. To change it, request another tier from My access.`,
      );
    }
    return held || undefined;
  }

  /** Every Home app's requestable tiers with their details, lowest first. */
  async catalogTiers(): Promise<CatalogAppTiers[]> {
    const nowMs = (this.deps.now ?? Date.now)();
    if (!this.tiers || nowMs - this.tiers.atMs > TIERS_TTL_MS) {
      const value = this.readTiers();
      this.tiers = { atMs: nowMs, value };
      value.catch(() => {
        if (this.tiers?.value === value) this.tiers = undefined;
      });
    }
    return this.tiers.value;
  }

  private async tierNames(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    try {
      for (const app of await this.catalogTiers())
        for (const t of app.tiers)
          names.set(`${app.appKey}|${t.tier}`, t.displayName);
    } catch (error) {
      this.deps.logger?.warn(`Tier names unavailable: ${error}`);
    }
    return names;
  }

  private async readTiers(): Promise<CatalogAppTiers[]> {
    const { apps } = await this.deps.apps.current();
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const inventory = await this.deps.inventory.listApps({ credentials });
    return apps.map(app => ({
      appKey: app.appKey,
      tiers: tiersOf(app, inventory),
    }));
  }

  private async holdingsOf(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<PersonHolding[]> {
    try {
      return await this.deps.inventory.listHoldings(userRef, { credentials });
    } catch (error) {
      // Someone the inventory does not know yet (a new hire before the next
      // sync) holds nothing there.
      if ((error as ResponseError).response?.status === 404) return [];
      throw error;
    }
  }
}

function homeAppOf(apps: HomeApp[], h: PersonHolding): HomeApp | undefined {
  return apps.find(a => a.okta?.instanceId === h.instanceId);
}

/** The Home tier an assignment grants: by its Okta group, else by key. */
function homeTierOf(app: HomeApp, h: PersonHolding): string | undefined {
  const byGroup = h.groupId
    ? app.okta?.tiers.find(
        t => t.grant === 'okta-group' && t.groupId === h.groupId,
      )
    : undefined;
  if (byGroup) return byGroup.tier;
  if (h.tier && app.tiers.includes(h.tier)) return h.tier;
  // An assignment of the app itself grants the tier granted that way.
  return app.okta?.tiers.find(t => t.grant === 'okta-app')?.tier;
}

/**
 * The app's requestable tiers with the inventory's details, in the
 * inventory's order (lowest first); tiers the inventory does not know come
 * last, in the app's order.
 */
function tiersOf(app: HomeApp, inventory: InventoryApp[]): CatalogTier[] {
  const instance = inventory
    .flatMap(a => a.instances)
    .find(i => i.id === app.okta?.instanceId);
  const known = instance?.tiers ?? [];
  const rankOf = (tier: string) => {
    const grant = app.okta?.tiers.find(t => t.tier === tier);
    const groupId = grant?.grant === 'okta-group' ? grant.groupId : undefined;
    const i = known.findIndex(
      t => (groupId && t.groupId === groupId) || t.tier === tier,
    );
    return i < 0 ? known.length + app.tiers.indexOf(tier) : i;
  };
  return [...app.tiers]
    .sort((a, b) => rankOf(a) - rankOf(b))
    .map(tier => {
      const t = known[rankOf(tier)];
      return {
        tier,
        displayName: t?.displayName ?? tierLabel(tier),
        description: t?.description,
        monthlyPrice: t?.monthlyPrice,
        seats: t?.seats,
        holders: t?.holders,
      };
    });
}
