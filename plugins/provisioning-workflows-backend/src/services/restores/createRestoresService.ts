import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { provisioningWorkflowsInventoryReadPermission } from '@internal/plugin-provisioning-workflows-common';
import { LicenseActionExecutor } from '@internal/plugin-provisioning-workflows-node';
import { InventoryStore } from '../../database/InventoryStore';
import { WorkflowStore } from '../../database/WorkflowStore';
import { AppAuthorization } from '../AppAuthorization';
import { AuthorizedRestoresService } from './AuthorizedRestoresService';
import { DefaultRestoresService } from './DefaultRestoresService';

/** The restores use cases behind their permission checks. */
export function createRestoresService(deps: {
  store: WorkflowStore;
  inventory: InventoryStore;
  apps: AppAuthorization;
  permissions: PermissionsService;
  executor?: LicenseActionExecutor;
  appBaseUrl?: string;
  onWork?: () => void;
  now?: () => number;
}): AuthorizedRestoresService {
  return new AuthorizedRestoresService(
    new DefaultRestoresService({
      ...deps,
      canRestore: Boolean(deps.executor?.restore),
    }),
    {
      apps: deps.apps,
      store: deps.store,
      mayReadOthers: async ({ credentials }) => {
        const [decision] = await deps.permissions.authorize(
          [{ permission: provisioningWorkflowsInventoryReadPermission }],
          { credentials },
        );
        return decision.result === AuthorizeResult.ALLOW;
      },
    },
  );
}
