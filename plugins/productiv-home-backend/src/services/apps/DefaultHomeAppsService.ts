import { AuthService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  CatalogCandidate,
  HomeApp,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { AppsStore } from '../../database/AppsStore';
import { actorOf, CallOptions } from '../callOptions';
import { checkOktaLink, instanceOptions } from './oktaLinks';
import { HomeAppsService } from './types';

/** {@link HomeAppsService} without permission checks. */
export class DefaultHomeAppsService implements HomeAppsService {
  constructor(
    private readonly deps: {
      apps: AppsStore;
      /** The in-memory copy, forgotten after each local write. */
      homeConfig: { invalidate(): void };
      inventory?: ProvisioningWorkflowsInventoryService;
      auth: AuthService;
    },
  ) {}

  /**
   * The whole inventory, read as the plugin (app owners need not hold the
   * inventory's read permission to link their app).
   */
  private async inventoryApps() {
    const { inventory, auth } = this.deps;
    if (!inventory)
      throw new ServiceUnavailableError(
        'The app inventory (Provisioning workflows) is not installed, so apps cannot be linked to Okta',
      );
    try {
      return await inventory.listApps({
        credentials: await auth.getOwnServiceCredentials(),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The app inventory could not be read to check the Okta link (${
          (error as Error).message
        }); try again in a minute`,
      );
    }
  }

  async listInstances(): Promise<InventoryInstanceOption[]> {
    return instanceOptions(await this.inventoryApps());
  }

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
    if (app.okta || app.fulfillment === 'automatic') {
      checkOktaLink(app, await this.inventoryApps());
    }
    await this.deps.apps.putApp(app, actorOf(options), Date.now());
    this.deps.homeConfig.invalidate();
    return app;
  }

  async removeApp(appKey: string): Promise<void> {
    await this.deps.apps.deleteApp(appKey);
    this.deps.homeConfig.invalidate();
  }
}
