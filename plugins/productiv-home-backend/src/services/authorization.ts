import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';

/** Whether the policy grants an unconditional permission. */
export async function isAllowed(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * Conditional decisions on one resource type: applied to one loaded
 * resource, or turned into a filter that the stores apply in SQL.
 */
export class ResourceDecisions<
  TResourceType extends string,
  TResource,
  TQuery,
> {
  private readonly authorizer: ReturnType<
    typeof createConditionAuthorizer<TResource, TQuery>
  >;
  private readonly transformer: ReturnType<
    typeof createConditionTransformer<TQuery>
  >;

  constructor(
    private readonly permissions: PermissionsService,
    ruleset: PermissionRuleset<TResource, TQuery>,
  ) {
    this.authorizer = createConditionAuthorizer(ruleset);
    this.transformer = createConditionTransformer(ruleset);
  }

  /** Whether the permission is granted on this resource (none: only an unconditional grant). */
  async allows(
    permission: ResourcePermission<TResourceType>,
    credentials: BackstageCredentials,
    resource: TResource | undefined,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return this.authorizer(decision, resource);
  }

  /**
   * What the caller may see of a list: nothing (`deny`), everything (no
   * filter) or what the filter lets through.
   */
  async filter(
    permission: ResourcePermission<TResourceType>,
    credentials: BackstageCredentials,
  ): Promise<'deny' | { filter?: PermissionCriteria<TQuery> }> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return 'deny';
    return decision.result === AuthorizeResult.CONDITIONAL
      ? { filter: this.transformer(decision.conditions) }
      : {};
  }
}
