import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { productivHomeSettingsManagePermission } from '@internal/plugin-productiv-home-common';
import { provisioningWorkflowsPermissions } from '@internal/plugin-provisioning-workflows-common';

/** Permissions that only members of the admin groups hold. */
const ADMIN_PERMISSIONS = new Set([
  productivHomeSettingsManagePermission.name,
  ...provisioningWorkflowsPermissions.map(p => p.name),
]);

/**
 * The demo portal's policy: Productiv admin permissions (settings, the app
 * inventory, other people's activity, workflows) are granted to members of
 * the admin groups only; everything else is allowed.
 */
export class ProductivPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly adminGroups: string[],
    private readonly ownershipOf: (
      credentials: BackstageCredentials,
    ) => Promise<string[]>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!ADMIN_PERMISSIONS.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const ownership = await this.ownershipOf(user.credentials);
    return {
      result: ownership.some(ref => this.adminGroups.includes(ref))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}

/** Installs {@link ProductivPermissionPolicy}, reading the admin groups from config. */
export const permissionModuleProductivPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'productiv-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ config, policy, userInfo }) {
        const adminGroups = [
          ...(config.getOptionalStringArray('productivHome.adminGroups') ?? []),
          ...(config.getOptionalStringArray(
            'provisioningWorkflows.adminGroups',
          ) ?? []),
        ];
        policy.setPolicy(
          new ProductivPermissionPolicy(adminGroups, async credentials => {
            const info = await userInfo.getUserInfo(credentials);
            return info.ownershipEntityRefs;
          }),
        );
      },
    });
  },
});
