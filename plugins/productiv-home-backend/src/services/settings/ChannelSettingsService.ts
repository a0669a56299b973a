import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  HomeSettings,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import { isAllowed } from '../authorization';

/** How Productiv Home reaches approvers, as other plugins read it. */
export type ChannelSettings = Pick<HomeSettings, 'approvalMethod'>;

/**
 * The part of the settings other plugins follow: provisioning workflows
 * warns through Home's approval method when a workflow says `default`. Any
 * plugin of the backend may read it (service credentials); of the users,
 * only those who may see all the settings (Productiv admins).
 */
export class ChannelSettingsService {
  constructor(
    private readonly deps: {
      settings: () => Promise<HomeSettings>;
      permissions: PermissionsService;
    },
  ) {}

  async getChannels(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<ChannelSettings> {
    if (
      credentials.principal.type === 'user' &&
      !(await isAllowed(
        this.deps.permissions,
        productivHomeSettingsManagePermission,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        'Only Productiv admins and other plugins may read the approval method',
      );
    }
    const { approvalMethod } = await this.deps.settings();
    return { approvalMethod };
  }
}
