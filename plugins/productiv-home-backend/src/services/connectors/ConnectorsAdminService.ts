import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  ConnectorInfo,
  ConnectorTestResult,
  HomeSettings,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import { isAllowed } from '../authorization';
import { CallOptions } from '../callOptions';
import { WriteAuditor } from '../WriteAuditor';
import { ConnectorsService } from './ConnectorsService';

/** The connectors as super admins see them on the settings page. */
export interface ConnectorsAdminService {
  listConnectors(options: CallOptions): Promise<ConnectorInfo[]>;
  /** One live call through a connector. */
  testConnector(id: string, options: CallOptions): Promise<ConnectorTestResult>;
}

/** {@link ConnectorsAdminService} without permission checks. */
export class DefaultConnectorsAdminService implements ConnectorsAdminService {
  constructor(
    private readonly deps: {
      connectors: ConnectorsService;
      settings: () => Promise<HomeSettings>;
    },
  ) {}

  async listConnectors() {
    const { approvalMethod } = await this.deps.settings();
    return this.deps.connectors.list(approvalMethod);
  }

  testConnector(id: string) {
    return this.deps.connectors.test(id);
  }
}

/**
 * Only super admins see and test the connectors. A test changes nothing in
 * the external system, but it is an admin action with an outcome worth
 * keeping, so it is audited.
 */
export class AuthorizedConnectorsAdminService
  implements ConnectorsAdminService
{
  constructor(
    private readonly inner: ConnectorsAdminService,
    private readonly deps: {
      permissions: PermissionsService;
      auditor: WriteAuditor;
    },
  ) {}

  private async mayManage(options: CallOptions) {
    if (
      !(await isAllowed(
        this.deps.permissions,
        productivHomeSettingsManagePermission,
        options.credentials,
      ))
    ) {
      throw new NotAllowedError('Only Productiv admins may see the connectors');
    }
  }

  async listConnectors(options: CallOptions) {
    await this.mayManage(options);
    return this.inner.listConnectors(options);
  }

  async testConnector(id: string, options: CallOptions) {
    await this.mayManage(options);
    return this.deps.auditor.audited(
      {
        eventId: 'connector-test',
        severityLevel: 'low',
        meta: { connector: id },
        successMeta: result => ({ ok: String(result.ok) }),
      },
      options,
      () => this.inner.testConnector(id, options),
    );
  }
}
