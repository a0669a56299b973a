import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  productivHomeAppManagePermission,
  productivHomePermissions,
  productivHomeRequestDecideOverridePermission,
  productivHomeRequestDecidePermission,
  productivHomeRequestReadPermission,
} from '@internal/plugin-productiv-home-common';
import {
  productivHomeAppResourceRef,
  productivHomeAppRules,
  productivHomeRequestResourceRef,
  productivHomeRequestRules,
} from '@internal/plugin-productiv-home-node';
import { ProductivHomeStores } from '../database/ProductivHomeDatabase';

/**
 * Registers the permissions and the two resource types (requests, apps)
 * with their rules, and returns the rulesets the authorized services apply.
 */
export function registerPermissions(
  registry: PermissionsRegistryService,
  stores: Pick<ProductivHomeStores, 'apps' | 'requests'>,
) {
  registry.addPermissions(productivHomePermissions);
  registry.addResourceType({
    resourceRef: productivHomeRequestResourceRef,
    permissions: [
      productivHomeRequestReadPermission,
      productivHomeRequestDecidePermission,
      productivHomeRequestDecideOverridePermission,
    ],
    rules: Object.values(productivHomeRequestRules),
    getResources: ids => stores.requests.getRequestResources(ids),
  });
  registry.addResourceType({
    resourceRef: productivHomeAppResourceRef,
    permissions: [productivHomeAppManagePermission],
    rules: Object.values(productivHomeAppRules),
    getResources: ids => Promise.all(ids.map(id => stores.apps.getApp(id))),
  });
  return {
    request: registry.getPermissionRuleset(productivHomeRequestResourceRef),
    app: registry.getPermissionRuleset(productivHomeAppResourceRef),
  };
}
