import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AppFilter,
  CatalogCandidate,
  HomeApp,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import { CallOptions } from '../callOptions';

/** The apps offered in Productiv Home, as admins and app owners manage them. */
export interface HomeAppsService {
  /** Every app, or (`manageable`) those the caller may change. */
  listApps(
    query: {
      manageable: boolean;
      /** What the policy lets the caller manage (set by the authorized service). */
      permissionFilter?: PermissionCriteria<AppFilter>;
    },
    options: CallOptions,
  ): Promise<HomeApp[]>;
  /** Apps of the inventory (Okta) that are not offered yet, with tiers suggested from their groups. */
  listCandidates(options: CallOptions): Promise<CatalogCandidate[]>;
  /** Inventory instances with their groups, to link an app to. */
  listInstances(options: CallOptions): Promise<InventoryInstanceOption[]>;
  /** Saves an app; its Okta link is checked against the inventory. */
  putApp(app: HomeApp, options: CallOptions): Promise<HomeApp>;
  removeApp(appKey: string, options: CallOptions): Promise<void>;
}
