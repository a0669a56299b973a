import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  productivHomeAppManagePermission,
  productivHomeRequestDecideOverridePermission,
  productivHomeRequestDecidePermission,
  productivHomeRequestReadPermission,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import {
  provisioningWorkflowsActivityReadPermission,
  provisioningWorkflowsManagePermission,
} from '@internal/plugin-provisioning-workflows-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  productivHomeRequestRules,
  RequestResource,
} from '@internal/plugin-productiv-home-node';
import { RequestFilter } from '@internal/plugin-productiv-home-common';
import { ProductivPermissionPolicy } from './permissionPolicy';

const ownership: Record<string, string[]> = {
  'user:default/alex.morgan': [
    'user:default/alex.morgan',
    'group:default/it',
    'group:default/productiv-admins',
  ],
  'user:default/emma.jones': [
    'user:default/emma.jones',
    'group:default/platform-engineering',
  ],
};

const policy = new ProductivPermissionPolicy(
  ['group:default/productiv-admins'],
  async credentials =>
    ownership[
      (credentials.principal as { userEntityRef: string }).userEntityRef
    ],
);

function as(userEntityRef: string) {
  const credentials = mockCredentials.user(userEntityRef);
  return { credentials, info: { userEntityRef, ownershipEntityRefs: [] } };
}

describe('ProductivPermissionPolicy', () => {
  it.each([
    provisioningWorkflowsActivityReadPermission,
    provisioningWorkflowsManagePermission,
    productivHomeSettingsManagePermission,
  ])('grants $name to admins only', async permission => {
    expect(
      await policy.handle({ permission }, as('user:default/alex.morgan')),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle({ permission }, as('user:default/emma.jones')),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows everything else', async () => {
    const permission = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    expect(
      await policy.handle({ permission }, as('user:default/emma.jones')),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets people see their own requests, those they approve and those of apps they own; admins all', async () => {
    const emma = as('user:default/emma.jones');
    expect(
      await policy.handle(
        { permission: productivHomeRequestReadPermission },
        emma,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'productiv-home',
      resourceType: 'productiv-home-request',
      conditions: {
        anyOf: [
          {
            rule: 'IS_REQUESTER',
            resourceType: 'productiv-home-request',
            params: { claims: ownership['user:default/emma.jones'] },
          },
          {
            rule: 'IS_APPROVER',
            resourceType: 'productiv-home-request',
            params: { claims: ownership['user:default/emma.jones'] },
          },
          {
            rule: 'IS_APP_OWNER',
            resourceType: 'productiv-home-request',
            params: { claims: ownership['user:default/emma.jones'] },
          },
        ],
      },
    });
    expect(
      await policy.handle(
        { permission: productivHomeRequestReadPermission },
        as('user:default/alex.morgan'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only a pending approver decide, never the requester, admins included', async () => {
    const decision = await policy.handle(
      { permission: productivHomeRequestDecidePermission },
      as('user:default/alex.morgan'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        allOf: [
          { rule: 'IS_APPROVER', params: { pendingOnly: true } },
          { not: { rule: 'IS_REQUESTER' } },
        ],
      },
    });
  });

  it('lets admins decide for the approvers, except on their own requests; nobody else', async () => {
    const decision = await policy.handle(
      { permission: productivHomeRequestDecideOverridePermission },
      as('user:default/alex.morgan'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'productiv-home',
      resourceType: 'productiv-home-request',
      conditions: {
        not: {
          rule: 'IS_REQUESTER',
          resourceType: 'productiv-home-request',
          params: { claims: ownership['user:default/alex.morgan'] },
        },
      },
    });
    // The conditions, applied as the plugin applies them to one request.
    const ruleset = {
      getRuleByName: (name: string) =>
        Object.values(productivHomeRequestRules).find(r => r.name === name)!,
    } as unknown as PermissionRuleset<RequestResource, RequestFilter>;
    const applies = createConditionAuthorizer(ruleset);
    const pending = (requester: string) =>
      ({
        requester,
        status: 'pending_approval',
        level: 1,
        approvals: [{ level: 1, approver: 'user:default/olivia.chen' }],
        appOwners: [],
      } as unknown as RequestResource);
    expect(applies(decision, pending('user:default/emma.jones'))).toBe(true);
    expect(applies(decision, pending('user:default/alex.morgan'))).toBe(false);

    expect(
      await policy.handle(
        { permission: productivHomeRequestDecideOverridePermission },
        as('user:default/emma.jones'),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle({
        permission: productivHomeRequestDecideOverridePermission,
      }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets admins manage every Home app and others the apps they own', async () => {
    expect(
      await policy.handle(
        { permission: productivHomeAppManagePermission },
        as('user:default/alex.morgan'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle(
        { permission: productivHomeAppManagePermission },
        as('user:default/emma.jones'),
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_APP_OWNER',
        params: { claims: ownership['user:default/emma.jones'] },
      },
    });
    expect(
      await policy.handle({ permission: productivHomeAppManagePermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});
