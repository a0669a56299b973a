import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { AppsStore } from '../../database/AppsStore';
import { linkByKeyMatch } from './oktaLinks';

/** Who the catalog's history names for links set by the migration. */
export const LEGACY_LINK_ACTOR = 'productiv-home:okta-link-migration';

/**
 * Migrates automatic apps saved before Okta links were explicit: each gets
 * the link that fulfillment used to infer from the matching app key. It runs
 * on a schedule until every such app is linked, as the inventory may not
 * have synced yet when the backend first starts; apps no inventory app
 * matches are left for an admin (fulfillment tells them what to set).
 */
export class LegacyAppLinker {
  constructor(
    private readonly deps: {
      apps: AppsStore;
      inventory?: ProvisioningWorkflowsInventoryService;
      auth: AuthService;
      homeConfig: { invalidate(): void };
      logger: LoggerService;
    },
  ) {}

  async linkUnlinkedApps(
    nowMs = Date.now(),
  ): Promise<{ linked: string[]; unmatched: string[] }> {
    const { apps, inventory, auth, homeConfig, logger } = this.deps;
    const unlinked = (await apps.listApps()).filter(
      a => a.fulfillment === 'automatic' && !a.okta,
    );
    if (!unlinked.length || !inventory) return { linked: [], unmatched: [] };
    const inventoryApps = await inventory.listApps({
      credentials: await auth.getOwnServiceCredentials(),
    });
    const linked: string[] = [];
    const unmatched: string[] = [];
    for (const app of unlinked) {
      const link = linkByKeyMatch(app, inventoryApps);
      if (!link) {
        unmatched.push(app.appKey);
      } else if (
        await apps.linkAppIfUnlinked(app.appKey, link, LEGACY_LINK_ACTOR, nowMs)
      ) {
        linked.push(app.appKey);
      }
    }
    if (linked.length) {
      homeConfig.invalidate();
      logger.info(`Linked ${linked.length} app(s) to Okta by their key`, {
        apps: linked.join(','),
      });
    }
    if (unmatched.length) {
      logger.warn(
        `No inventory app matches the key of ${unmatched.join(
          ', ',
        )}; link them to their Okta app in Productiv Home's settings`,
      );
    }
    return { linked, unmatched };
  }
}
