import {
  BackstageCredentials,
  BackstageUserPrincipal,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';

/** How many peers used one app in the last 30 days. */
export type AppPeerCounts = {
  appKey: string;
  team: number;
  title: number;
  department: number;
};

/** How long a person's peer counts are kept: they come from daily activity. */
const PEER_USAGE_TTL_MS = 5 * 60_000;

/**
 * Peer usage of the caller from the inventory (provisioning-workflows),
 * kept per person for a few minutes in the plugin's cache service
 * (`backend.cache`): the catalog page asks for it on every visit. With a
 * shared store (Redis, Valkey, Memcache) every replica reads the same
 * entries; entries expire after the TTL, one per person at most.
 */
export class PeerUsageService {
  constructor(
    private readonly deps: {
      inventory: ProvisioningWorkflowsInventoryService;
      cache: CacheService;
      logger?: LoggerService;
      ttlMs?: number;
    },
  ) {}

  async forUser(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<AppPeerCounts[]> {
    const ref = credentials.principal.userEntityRef;
    const key = `peer-usage:${ref}`;
    const hit = await this.cached(() =>
      this.deps.cache.get<AppPeerCounts[]>(key),
    );
    if (hit) return hit;

    let usage;
    try {
      usage = await this.deps.inventory.getPeerUsage(ref, { credentials });
    } catch (error) {
      // Someone the inventory does not know yet (a new hire before the next
      // sync) simply has no peer counts.
      if ((error as ResponseError).response?.status !== 404) throw error;
      usage = { byTeam: [], byTitle: [], byDepartment: [] };
    }
    const byApp = new Map<string, AppPeerCounts>();
    const add = (
      list: Array<{ appKey: string; users: number }>,
      field: 'team' | 'title' | 'department',
    ) => {
      for (const { appKey, users } of list) {
        const counts = byApp.get(appKey) ?? {
          appKey,
          team: 0,
          title: 0,
          department: 0,
        };
        counts[field] = users;
        byApp.set(appKey, counts);
      }
    };
    add(usage.byTeam, 'team');
    add(usage.byTitle, 'title');
    add(usage.byDepartment, 'department');
    const items = [...byApp.values()];

    await this.cached(() =>
      this.deps.cache.set(key, items, {
        ttl: this.deps.ttlMs ?? PEER_USAGE_TTL_MS,
      }),
    );
    return items;
  }

  /** A cache that is down costs a recomputation, not the page. */
  private async cached<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.deps.logger?.warn(`Peer usage cache unavailable: ${error}`);
      return undefined;
    }
  }
}
