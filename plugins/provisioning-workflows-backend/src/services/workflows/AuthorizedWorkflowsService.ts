import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsGlobalExemptionsPermission,
  provisioningWorkflowsHistoryReadPermission,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../../database/InventoryStore';
import { WorkflowStore } from '../../database/WorkflowStore';
import { AppAuthorization } from '../AppAuthorization';
import { Creds } from '../common';
import { WorkflowsService } from './types';

/**
 * The permission checks of workflow set-up, around another
 * WorkflowsService: app admins act on their apps, super admins on all;
 * the global exempt list needs its own permission.
 */
export class AuthorizedWorkflowsService implements WorkflowsService {
  constructor(
    private readonly inner: WorkflowsService,
    private readonly deps: {
      apps: AppAuthorization;
      permissions: PermissionsService;
      inventory: InventoryStore;
      store: WorkflowStore;
    },
  ) {}

  async listInstances(options: Creds) {
    const decision = await this.deps.apps.decide(
      provisioningWorkflowsAppManagePermission,
      options.credentials,
    );
    const appKeys = (await this.deps.inventory.listApps())
      .map(a => a.key)
      .filter(key => this.deps.apps.allows(decision, key));
    return this.inner.listInstances({ ...options, appKeys });
  }

  async getInstance(instanceId: string, options: Creds) {
    await this.deps.apps.managed(instanceId, options.credentials);
    return this.inner.getInstance(instanceId, options);
  }

  async saveWorkflow(...args: Parameters<WorkflowsService['saveWorkflow']>) {
    await this.deps.apps.managed(args[0], args[2].credentials);
    return this.inner.saveWorkflow(...args);
  }

  async setStatus(...args: Parameters<WorkflowsService['setStatus']>) {
    await this.deps.apps.managed(args[0], args[2].credentials);
    return this.inner.setStatus(...args);
  }

  async preview(...args: Parameters<WorkflowsService['preview']>) {
    await this.deps.apps.managed(args[0], args[2].credentials);
    return this.inner.preview(...args);
  }

  /** Global: super admins only; an instance's: its app's admins. */
  private async mayChangeExemptions(
    scope: string,
    credentials: BackstageCredentials,
  ) {
    if (scope !== 'global') {
      await this.deps.apps.managed(scope, credentials);
      return;
    }
    const [d] = await this.deps.permissions.authorize(
      [{ permission: provisioningWorkflowsGlobalExemptionsPermission }],
      { credentials },
    );
    if (d.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only super admins may change the global exempt list',
      );
    }
  }

  async listExemptions(scope: string, options: Creds) {
    // Reading the global list is for any workflow admin: it explains previews.
    if (scope !== 'global') {
      await this.deps.apps.managed(scope, options.credentials);
    }
    return this.inner.listExemptions(scope, options);
  }

  async addExemptions(...args: Parameters<WorkflowsService['addExemptions']>) {
    await this.mayChangeExemptions(args[0], args[2].credentials);
    return this.inner.addExemptions(...args);
  }

  async removeExemption(id: string, options: Creds) {
    const exemption = await this.deps.store.getExemption(id);
    if (!exemption) throw new NotFoundError(`No exemption ${id}`);
    await this.mayChangeExemptions(exemption.scope, options.credentials);
    return this.inner.removeExemption(id, options);
  }

  async listEvents(
    filter: Parameters<WorkflowsService['listEvents']>[0],
    options: Creds,
  ) {
    const { credentials } = options;
    // Service callers (an audit export with a static token) read everything.
    if ((credentials.principal as { type?: string }).type === 'service') {
      return this.inner.listEvents(
        { ...filter, appKeys: filter.appKey ? [filter.appKey] : undefined },
        options,
      );
    }
    // The apps whose history the caller may read; super admins read all
    // (including events of no app, such as global exemptions).
    const decision = await this.deps.apps.decide(
      provisioningWorkflowsHistoryReadPermission,
      credentials,
    );
    let appKeys: string[] | undefined;
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('Only admins may read workflow audit events');
    }
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      appKeys = (await this.deps.inventory.listApps())
        .map(a => a.key)
        .filter(key => this.deps.apps.allows(decision, key));
      if (appKeys.length === 0) {
        throw new NotAllowedError(
          'Only admins may read workflow audit events; you administer no app',
        );
      }
      if (filter.appKey) appKeys = appKeys.filter(k => k === filter.appKey);
    } else if (filter.appKey) {
      appKeys = [filter.appKey];
    }
    return this.inner.listEvents({ ...filter, appKeys }, options);
  }
}
