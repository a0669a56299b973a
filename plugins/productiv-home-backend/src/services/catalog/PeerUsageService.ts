import {
  BackstageCredentials,
  BackstageUserPrincipal,
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

/**
 * Peer usage of the caller from the inventory (provisioning-workflows),
 * kept per person for a few minutes: it is computed from daily activity, and
 * the catalog page asks for it on every visit.
 */
export class PeerUsageService {
  private readonly cache = new Map<
    string,
    { atMs: number; items: AppPeerCounts[] }
  >();

  constructor(
    private readonly deps: {
      inventory: ProvisioningWorkflowsInventoryService;
      ttlMs?: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  async forUser(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<AppPeerCounts[]> {
    const now = (this.deps.now ?? Date.now)();
    const ref = credentials.principal.userEntityRef;
    const hit = this.cache.get(ref);
    if (hit && now - hit.atMs < (this.deps.ttlMs ?? 300_000)) return hit.items;

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
      key: 'team' | 'title' | 'department',
    ) => {
      for (const { appKey, users } of list) {
        const counts = byApp.get(appKey) ?? {
          appKey,
          team: 0,
          title: 0,
          department: 0,
        };
        counts[key] = users;
        byApp.set(appKey, counts);
      }
    };
    add(usage.byTeam, 'team');
    add(usage.byTitle, 'title');
    add(usage.byDepartment, 'department');
    const items = [...byApp.values()];

    // Oldest entries go first when full (Map keeps insertion order).
    this.cache.delete(ref);
    this.cache.set(ref, { atMs: now, items });
    if (this.cache.size > (this.deps.maxEntries ?? 10_000)) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    return items;
  }
}
