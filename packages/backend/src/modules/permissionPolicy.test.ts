import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { productivHomeSettingsManagePermission } from '@internal/plugin-productiv-home-common';
import {
  provisioningWorkflowsActivityReadPermission,
  provisioningWorkflowsManagePermission,
} from '@internal/plugin-provisioning-workflows-common';
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
});
