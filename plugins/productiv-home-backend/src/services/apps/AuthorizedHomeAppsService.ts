import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  AppFilter,
  HomeApp,
  productivHomeAppManagePermission,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import { isAllowed, ResourceDecisions } from '../authorization';
import { CallOptions } from '../callOptions';
import { WriteAuditor } from '../WriteAuditor';
import { HomeAppsService } from './types';

/**
 * Who may change the Home catalog: adding an app takes an unconditional
 * grant (super admins); changing or removing one may be granted per app
 * (its owners). Audits each write.
 */
export class AuthorizedHomeAppsService implements HomeAppsService {
  private readonly decisions: ResourceDecisions<
    'productiv-home-app',
    HomeApp,
    AppFilter
  >;

  constructor(
    private readonly inner: HomeAppsService,
    private readonly deps: {
      permissions: PermissionsService;
      ruleset: PermissionRuleset<HomeApp, AppFilter>;
      /** The stored apps (not a cached copy). */
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      auditor: WriteAuditor;
    },
  ) {
    this.decisions = new ResourceDecisions(deps.permissions, deps.ruleset);
  }

  private mayManage(options: CallOptions, app: HomeApp | undefined) {
    return this.decisions.allows(
      productivHomeAppManagePermission,
      options.credentials,
      app,
    );
  }

  async listApps(
    query: Parameters<HomeAppsService['listApps']>[0],
    options: CallOptions,
  ) {
    if (!query.manageable) return this.inner.listApps(query, options);
    const decision = await this.decisions.filter(
      productivHomeAppManagePermission,
      options.credentials,
    );
    if (decision === 'deny') return [];
    return this.inner.listApps(
      { ...query, permissionFilter: decision.filter },
      options,
    );
  }

  async listCandidates(options: CallOptions) {
    if (
      !(await isAllowed(
        this.deps.permissions,
        productivHomeSettingsManagePermission,
        options.credentials,
      ))
    ) {
      throw new NotAllowedError(
        'Only Productiv admins may manage the Home catalog',
      );
    }
    return this.inner.listCandidates(options);
  }

  /** For whoever may change some app: super admins and app owners. */
  async listInstances(options: CallOptions) {
    const decision = await this.decisions.filter(
      productivHomeAppManagePermission,
      options.credentials,
    );
    // A conditional grant counts only if some app meets its conditions.
    const mayManageSome =
      decision !== 'deny' &&
      (!decision.filter ||
        (
          await this.inner.listApps(
            { manageable: true, permissionFilter: decision.filter },
            options,
          )
        ).length > 0);
    if (!mayManageSome) {
      throw new NotAllowedError(
        'Only Productiv admins and app owners may link apps to Okta',
      );
    }
    return this.inner.listInstances(options);
  }

  async putApp(app: HomeApp, options: CallOptions) {
    const existing = await this.deps.apps.getApp(app.appKey);
    if (!(await this.mayManage(options, existing))) {
      throw new NotAllowedError(
        existing
          ? 'Only Productiv admins and the app owners may change an app in Productiv Home'
          : 'Only Productiv admins may add an app to Productiv Home',
      );
    }
    return this.deps.auditor.audited(
      { eventId: 'home-app-update', meta: { appKey: app.appKey } },
      options,
      () => this.inner.putApp(app, options),
    );
  }

  async removeApp(appKey: string, options: CallOptions) {
    const existing = await this.deps.apps.getApp(appKey);
    if (!existing)
      throw new NotFoundError(`${appKey} is not in Productiv Home`);
    if (!(await this.mayManage(options, existing))) {
      throw new NotAllowedError(
        'Only Productiv admins and the app owners may remove an app from Productiv Home',
      );
    }
    return this.deps.auditor.audited(
      { eventId: 'home-app-remove', meta: { appKey: existing.appKey } },
      options,
      () => this.inner.removeApp(existing.appKey, options),
    );
  }
}
