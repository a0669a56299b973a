import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  provisioningWorkflowsInventoryReadPermission,
  provisioningWorkflowsManagePermission,
  TeamUsage,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../../database/InventoryStore';

/**
 * The apps a team uses, for the card on a catalog Group page: the seats of
 * the group's direct members (its users' memberOf relations, read from the catalog now, not from the last
 * sync) counted in the inventory. The members see it, and the admins.
 */
export class TeamUsageService {
  constructor(
    private readonly deps: {
      inventory: Pick<InventoryStore, 'teamUsage'>;
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      now?: () => number;
    },
  ) {}

  async usage(
    groupRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<TeamUsage> {
    const entityRef = normalizedGroupRef(groupRef);
    // Read as the plugin: who is in the team decides who may see it.
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items: users } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'user', 'relations.memberOf': entityRef },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    const members = [...new Set(users.map(u => stringifyEntityRef(u)))];
    if (
      !members.length &&
      !(await this.deps.catalog.getEntityByRef(entityRef, { credentials }))
    )
      throw new NotFoundError(`The catalog has no ${entityRef}`);
    await this.requireMemberOrAdmin(members, options.credentials);
    const nowMs = (this.deps.now ?? Date.now)();
    return {
      entityRef,
      members: members.length,
      items: await this.deps.inventory.teamUsage(members, nowMs),
    };
  }

  private async requireMemberOrAdmin(
    members: string[],
    credentials: BackstageCredentials,
  ) {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal.type === 'service') return;
    if (principal.userEntityRef && members.includes(principal.userEntityRef))
      return;
    const decisions = await this.deps.permissions.authorize(
      [
        { permission: provisioningWorkflowsInventoryReadPermission },
        { permission: provisioningWorkflowsManagePermission },
      ],
      { credentials },
    );
    if (decisions.some(d => d.result === AuthorizeResult.ALLOW)) return;
    throw new NotAllowedError(
      "Only the team's members and the Productiv admins may see the apps a team uses",
    );
  }
}

function normalizedGroupRef(ref: string): string {
  try {
    const parsed = parseEntityRef(ref);
    if (parsed.kind.toLowerCase() === 'group')
      return stringifyEntityRef(parsed);
  } catch {
    // Told below.
  }
  throw new InputError(
    `entityRef must be a group entity ref such as group:default/platform-engineering, not '${ref}'`,
  );
}
