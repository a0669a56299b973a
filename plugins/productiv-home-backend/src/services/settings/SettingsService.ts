import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  HomeSettings,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import { SettingsStore } from '../../database/SettingsStore';
import { isAllowed } from '../authorization';
import { actorOf, CallOptions, CheckedInput } from '../callOptions';
import { DEFAULT_HOME_SETTINGS, SETTINGS_KEY } from '../requests/defaults';
import { WriteAuditor } from '../WriteAuditor';

/** The global settings of Productiv Home. */
export interface SettingsService {
  getSettings(options: CallOptions): Promise<HomeSettings>;
  putSettings(
    input: CheckedInput<HomeSettings>,
    options: CallOptions,
  ): Promise<HomeSettings>;
}

/** {@link SettingsService} without permission checks. */
export class DefaultSettingsService implements SettingsService {
  constructor(
    private readonly deps: {
      settings: SettingsStore;
      /** The in-memory copy, forgotten after each local write. */
      homeConfig: { invalidate(): void };
    },
  ) {}

  async getSettings() {
    return (
      (await this.deps.settings.get<HomeSettings>(SETTINGS_KEY))?.value ??
      DEFAULT_HOME_SETTINGS
    );
  }

  async putSettings(input: CheckedInput<HomeSettings>, options: CallOptions) {
    const value = input();
    await this.deps.settings.put(SETTINGS_KEY, value, actorOf(options));
    this.deps.homeConfig.invalidate();
    return value;
  }
}

/** Only super admins see and change the settings; changes are audited. */
export class AuthorizedSettingsService implements SettingsService {
  constructor(
    private readonly inner: SettingsService,
    private readonly deps: {
      permissions: PermissionsService;
      auditor: WriteAuditor;
    },
  ) {}

  private async mayManage(options: CallOptions, refusal: string) {
    if (
      !(await isAllowed(
        this.deps.permissions,
        productivHomeSettingsManagePermission,
        options.credentials,
      ))
    ) {
      throw new NotAllowedError(refusal);
    }
  }

  async getSettings(options: CallOptions) {
    await this.mayManage(options, 'Only Productiv admins may see the settings');
    return this.inner.getSettings(options);
  }

  async putSettings(input: CheckedInput<HomeSettings>, options: CallOptions) {
    await this.mayManage(
      options,
      'Only Productiv admins may change the settings',
    );
    const value = input();
    return this.deps.auditor.audited(
      { eventId: 'settings-update', meta: {} },
      options,
      () => this.inner.putSettings(() => value, options),
    );
  }
}
