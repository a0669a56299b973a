import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  App,
  InstanceAssignment,
  PeerUsage,
  provisioningWorkflowsActivityReadPermission,
  provisioningWorkflowsInventoryReadPermission,
  provisioningWorkflowsManagePermission,
  UnmatchedPeople,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../database/InventoryStore';

/**
 * The queries other parts of the product need, with their permission
 * checks: the inventory is for admins and for other plugins (service
 * callers); another person's activity needs the activity permission; a
 * person may see the aggregated peer usage around themselves.
 */
export class InventoryService {
  constructor(
    private readonly deps: {
      inventory: InventoryStore;
      permissions: PermissionsService;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

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
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(message);
  }

  async listApps(options: {
    credentials: BackstageCredentials;
  }): Promise<App[]> {
    await this.require(
      provisioningWorkflowsInventoryReadPermission,
      options.credentials,
      'You may not read the app inventory',
    );
    return this.deps.inventory.listApps();
  }

  async listAssignments(
    instanceId: string,
    options: { credentials: BackstageCredentials },
  ): Promise<InstanceAssignment[]> {
    await this.require(
      provisioningWorkflowsActivityReadPermission,
      options.credentials,
      "Only admins may see people's activity",
    );
    if (!(await this.deps.inventory.getInstance(instanceId)))
      throw new NotFoundError(`No app instance ${instanceId}`);
    return this.deps.inventory.listAssignments(instanceId, this.now());
  }

  async peerUsage(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<PeerUsage> {
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
    const person = await this.deps.inventory.getPerson(entityRef);
    if (!person)
      throw new NotFoundError(
        `${entityRef} is not known to the inventory yet; it appears after the next sync`,
      );
    const usage = await this.deps.inventory.peerUsage(person, this.now());
    return {
      entityRef,
      teams: person.teams,
      title: person.title,
      department: person.department,
      ...usage,
    };
  }

  async unmatchedPeople(options: {
    credentials: BackstageCredentials;
  }): Promise<UnmatchedPeople> {
    await this.require(
      provisioningWorkflowsInventoryReadPermission,
      options.credentials,
      'You may not read the app inventory',
    );
    return this.deps.inventory.unmatchedPeople();
  }

  async setTiers(
    instanceId: string,
    tiers: Array<{ tier: string; groupId?: string; monthlyPrice?: number }>,
    options: { credentials: BackstageCredentials },
  ) {
    await this.require(
      provisioningWorkflowsManagePermission,
      options.credentials,
      'Only admins may configure license tiers',
    );
    const instance = await this.deps.inventory.getInstance(instanceId);
    if (!instance) throw new NotFoundError(`No app instance ${instanceId}`);
    const names = new Set<string>();
    for (const t of tiers) {
      if (names.has(t.tier))
        throw new InputError(`Tier '${t.tier}' is listed twice`);
      names.add(t.tier);
      if (t.groupId && !instance.groups.some(g => g.id === t.groupId)) {
        throw new InputError(
          `Group ${t.groupId} is not assigned to ${instance.label} in Okta; assign it there first`,
        );
      }
    }
    const principal = options.credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    await this.deps.inventory.putTiers(
      instanceId,
      tiers,
      principal.userEntityRef ?? principal.subject ?? 'unknown',
      this.now(),
    );
    return (await this.deps.inventory.getInstance(instanceId))!;
  }

  async requireManage(options: { credentials: BackstageCredentials }) {
    await this.require(
      provisioningWorkflowsManagePermission,
      options.credentials,
      'Only admins may start syncs',
    );
  }

  async requireInventoryRead(options: { credentials: BackstageCredentials }) {
    await this.require(
      provisioningWorkflowsInventoryReadPermission,
      options.credentials,
      'Only admins can see sync and ingest runs',
    );
  }
}
