import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  provisioningWorkflowsActivityReadPermission,
  provisioningWorkflowsInventoryReadPermission,
  provisioningWorkflowsManagePermission,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryService, TierInput } from './DefaultInventoryService';

type Creds = { credentials: BackstageCredentials };

/**
 * The permission checks of the inventory: it is for admins and for other
 * plugins (service callers); another person's activity needs the activity
 * permission; a person may see the aggregated peer usage around themselves,
 * and their own licenses.
 */
export class AuthorizedInventoryService implements InventoryService {
  constructor(
    private readonly inner: InventoryService,
    private readonly permissions: PermissionsService,
  ) {}

  private async require(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    message: string,
  ) {
    if (
      credentials.principal &&
      (credentials.principal as { type?: string }).type === 'service'
    )
      return;
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(message);
  }

  async listApps(options: Creds) {
    await this.require(
      provisioningWorkflowsInventoryReadPermission,
      options.credentials,
      'You may not read the app inventory',
    );
    return this.inner.listApps(options);
  }

  async listAssignments(instanceId: string, options: Creds) {
    await this.require(
      provisioningWorkflowsActivityReadPermission,
      options.credentials,
      "Only admins may see people's activity",
    );
    return this.inner.listAssignments(instanceId, options);
  }

  async peerUsage(entityRef: string, options: Creds) {
    const principal = options.credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal.type === 'user' && principal.userEntityRef !== entityRef) {
      await this.require(
        provisioningWorkflowsActivityReadPermission,
        options.credentials,
        'You may only see the peer usage around yourself',
      );
    }
    return this.inner.peerUsage(entityRef, options);
  }

  /** A person's own licenses need no permission; anyone else's need the inventory read permission. */
  async listHoldings(entityRef: string, options: Creds) {
    const principal = options.credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal.type !== 'user' || principal.userEntityRef !== entityRef) {
      await this.require(
        provisioningWorkflowsInventoryReadPermission,
        options.credentials,
        "You may only see your own licenses; seeing someone else's needs the provisioning-workflows.inventory.read permission, which the Productiv Home admins grant",
      );
    }
    return this.inner.listHoldings(entityRef, options);
  }

  async unmatchedPeople(options: Creds) {
    await this.require(
      provisioningWorkflowsInventoryReadPermission,
      options.credentials,
      'You may not read the app inventory',
    );
    return this.inner.unmatchedPeople(options);
  }

  async setTiers(instanceId: string, tiers: TierInput[], options: Creds) {
    await this.require(
      provisioningWorkflowsManagePermission,
      options.credentials,
      'Only admins may configure license tiers',
    );
    return this.inner.setTiers(instanceId, tiers, options);
  }

  /** Starting a sync is for admins. */
  async requireManage(options: Creds) {
    await this.require(
      provisioningWorkflowsManagePermission,
      options.credentials,
      'Only admins may start syncs',
    );
  }

  /** The runs of syncs and ingests are for admins. */
  async requireInventoryRead(options: Creds) {
    await this.require(
      provisioningWorkflowsInventoryReadPermission,
      options.credentials,
      'Only admins can see sync and ingest runs',
    );
  }
}
