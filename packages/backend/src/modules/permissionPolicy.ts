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
import {
  productivHomeAppManagePermission,
  productivHomeRequestDecideOverridePermission,
  productivHomeRequestDecidePermission,
  productivHomeRequestReadPermission,
  productivHomeSettingsManagePermission,
  productivHomeTasksReadPermission,
  productivHomeTasksTriggerPermission,
} from '@internal/plugin-productiv-home-common';
import {
  createProductivHomeAppConditionalDecision,
  createProductivHomeRequestConditionalDecision,
  productivHomeAppConditions,
  productivHomeRequestConditions,
} from '@internal/plugin-productiv-home-node';
import { isPermission } from '@backstage/plugin-permission-common';
import {
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsHistoryReadPermission,
  provisioningWorkflowsPermissions,
} from '@internal/plugin-provisioning-workflows-common';
import {
  createProvisioningWorkflowsAppConditionalDecision,
  provisioningWorkflowsAppConditions,
} from '@internal/plugin-provisioning-workflows-node';

/** Permissions that only members of the admin groups hold. */
const ADMIN_PERMISSIONS = new Set([
  productivHomeSettingsManagePermission.name,
  productivHomeTasksReadPermission.name,
  productivHomeTasksTriggerPermission.name,
  ...provisioningWorkflowsPermissions.map(p => p.name),
]);

/**
 * The demo portal's policy:
 * - Productiv admin permissions (settings, the app inventory, other people's
 *   activity, workflows, the plugins' background tasks) go to members of the
 *   admin groups only;
 * - everyone sees the requests they made, approve, or that are for apps they
 *   own; admins see all;
 * - a request can be decided only by an approver it waits on, never by the
 *   requester, admins included;
 * - admins may decide a pending request on behalf of its approvers (the
 *   override, to unblock a stuck request), except their own requests;
 * - admins manage every Home app, others only the apps they own;
 * - admins manage and read the workflows of every app, app admins
 *   (`provisioningWorkflows.appAdmins`) those of their apps;
 * - everything else is allowed.
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
    const { permission } = request;
    const scoped =
      ADMIN_PERMISSIONS.has(permission.name) ||
      isPermission(permission, productivHomeRequestReadPermission) ||
      isPermission(permission, productivHomeRequestDecidePermission) ||
      isPermission(permission, productivHomeRequestDecideOverridePermission) ||
      isPermission(permission, productivHomeAppManagePermission);
    if (!scoped) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const claims = await this.ownershipOf(user.credentials);
    const isAdmin = claims.some(ref => this.adminGroups.includes(ref));

    if (isPermission(permission, productivHomeRequestDecidePermission)) {
      return createProductivHomeRequestConditionalDecision(permission, {
        allOf: [
          productivHomeRequestConditions.isApprover({
            claims,
            pendingOnly: true,
          }),
          { not: productivHomeRequestConditions.isRequester({ claims }) },
        ],
      });
    }
    if (
      isPermission(permission, productivHomeRequestDecideOverridePermission)
    ) {
      return isAdmin
        ? createProductivHomeRequestConditionalDecision(permission, {
            not: productivHomeRequestConditions.isRequester({ claims }),
          })
        : { result: AuthorizeResult.DENY };
    }
    if (isAdmin) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, productivHomeRequestReadPermission)) {
      return createProductivHomeRequestConditionalDecision(permission, {
        anyOf: [
          productivHomeRequestConditions.isRequester({ claims }),
          productivHomeRequestConditions.isApprover({ claims }),
          productivHomeRequestConditions.isRequestForOwnedApp({ claims }),
        ],
      });
    }
    if (isPermission(permission, productivHomeAppManagePermission)) {
      return createProductivHomeAppConditionalDecision(
        permission,
        productivHomeAppConditions.isAppOwner({ claims }),
      );
    }
    if (
      isPermission(permission, provisioningWorkflowsAppManagePermission) ||
      isPermission(permission, provisioningWorkflowsHistoryReadPermission)
    ) {
      return createProvisioningWorkflowsAppConditionalDecision(
        permission,
        provisioningWorkflowsAppConditions.isAppAdmin({ claims }),
      );
    }
    return { result: AuthorizeResult.DENY };
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
