import { NotFoundError } from '@backstage/errors';
import {
  CatalogCandidate,
  HomeApp,
} from '@internal/plugin-productiv-home-common';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { AppsStore } from '../../database/AppsStore';
import { actorOf, CallOptions } from '../callOptions';
import { HomeAppsService } from './types';

/** {@link HomeAppsService} without permission checks. */
export class DefaultHomeAppsService implements HomeAppsService {
  constructor(
    private readonly deps: {
      apps: AppsStore;
      /** The in-memory copy, forgotten after each local write. */
      homeConfig: { invalidate(): void };
      inventory?: ProvisioningWorkflowsInventoryService;
    },
  ) {}

  listApps(query: Parameters<HomeAppsService['listApps']>[0]) {
    return query.manageable
      ? this.deps.apps.listAppsWhere(query.permissionFilter)
      : this.deps.apps.listApps();
  }

  async listCandidates(options: CallOptions): Promise<CatalogCandidate[]> {
    const { inventory, apps } = this.deps;
    if (!inventory)
      throw new NotFoundError('The app inventory is not available');
    const offered = new Set((await apps.listApps()).map(a => a.appKey));
    const inventoryApps = await inventory.listApps({
      credentials: options.credentials,
    });
    return inventoryApps
      .filter(
        a =>
          !offered.has(a.key) && a.instances.some(i => i.status !== 'REMOVED'),
      )
      .map(a => ({
        appKey: a.key,
        name: a.name,
        instances: a.instances.map(i => i.label),
        suggestedTiers: [
          ...new Set(a.instances.flatMap(i => i.tiers.map(t => t.tier))),
        ],
        automatic: a.instances.some(i => i.tiers.some(t => t.groupId)),
      }));
  }

  async putApp(app: HomeApp, options: CallOptions): Promise<HomeApp> {
    await this.deps.apps.putApp(app, actorOf(options), Date.now());
    this.deps.homeConfig.invalidate();
    return app;
  }

  async removeApp(appKey: string): Promise<void> {
    await this.deps.apps.deleteApp(appKey);
    this.deps.homeConfig.invalidate();
  }
}
