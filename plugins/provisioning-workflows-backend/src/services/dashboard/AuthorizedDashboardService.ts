import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { provisioningWorkflowsInventoryReadPermission } from '@internal/plugin-provisioning-workflows-common';
import { DashboardService } from './DefaultDashboardService';

/**
 * The dashboard's permission check: it shows the inventory's spend, so it
 * needs the inventory read permission (service callers pass).
 */
export class AuthorizedDashboardService implements DashboardService {
  constructor(
    private readonly inner: DashboardService,
    private readonly permissions: PermissionsService,
  ) {}

  async dashboard(options: { credentials: BackstageCredentials }) {
    const principal = options.credentials.principal as { type?: string };
    if (principal?.type !== 'service') {
      const [decision] = await this.permissions.authorize(
        [{ permission: provisioningWorkflowsInventoryReadPermission }],
        { credentials: options.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'The savings dashboard needs the provisioning-workflows.inventory.read permission, which the Productiv Home admins grant',
        );
      }
    }
    return this.inner.dashboard(options);
  }
}
