import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  AppInstance,
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsHistoryReadPermission,
} from '@internal/plugin-provisioning-workflows-common';
import {
  WorkflowAppFilter,
  WorkflowAppResource,
} from '@internal/plugin-provisioning-workflows-node';
import { InventoryStore } from '../database/InventoryStore';
import { requireInstance } from './common';

type AppPermission = ResourcePermission<'provisioning-workflows-app'>;

/** Who may manage and read the workflows of an app: app admins their apps, super admins all. */
export class AppAuthorization {
  private readonly appAuthorizer;

  constructor(
    private readonly deps: {
      inventory: InventoryStore;
      permissions: PermissionsService;
      ruleset: PermissionRuleset<
        WorkflowAppResource,
        WorkflowAppFilter,
        'provisioning-workflows-app'
      >;
      /** App key → admins (users and groups), from config. */
      appAdmins: Map<string, string[]>;
    },
  ) {
    this.appAuthorizer = createConditionAuthorizer(deps.ruleset);
  }

  appResource(appKey: string): WorkflowAppResource {
    return { appKey, admins: this.deps.appAdmins.get(appKey) ?? [] };
  }

  decide(
    permission: AppPermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    return this.deps.permissions
      .authorizeConditional([{ permission }], { credentials })
      .then(([decision]) => decision);
  }

  /** Whether a decision allows the app. */
  allows(decision: PolicyDecision, appKey: string): boolean {
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return this.appAuthorizer(decision, this.appResource(appKey));
    }
    return decision.result === AuthorizeResult.ALLOW;
  }

  async may(
    permission: AppPermission,
    appKey: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    return this.allows(await this.decide(permission, credentials), appKey);
  }

  instance(instanceId: string): Promise<AppInstance> {
    return requireInstance(this.deps.inventory, instanceId);
  }

  /** Loads the instance and checks the caller may manage its app. */
  managed(
    instanceId: string,
    credentials: BackstageCredentials,
  ): Promise<AppInstance> {
    return this.checked(
      provisioningWorkflowsAppManagePermission,
      instanceId,
      credentials,
      label => `Only admins of ${label} may manage its workflows`,
    );
  }

  /** Loads the instance and checks the caller may read its runs. */
  readable(
    instanceId: string,
    credentials: BackstageCredentials,
  ): Promise<AppInstance> {
    return this.checked(
      provisioningWorkflowsHistoryReadPermission,
      instanceId,
      credentials,
      label => `Only admins of ${label} may see its workflow runs`,
    );
  }

  private async checked(
    permission: AppPermission,
    instanceId: string,
    credentials: BackstageCredentials,
    refusal: (label: string) => string,
  ): Promise<AppInstance> {
    const instance = await this.instance(instanceId);
    if (!(await this.may(permission, instance.appKey, credentials))) {
      throw new NotAllowedError(refusal(instance.label));
    }
    return instance;
  }
}
