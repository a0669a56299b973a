import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  App,
  InstanceAssignment,
  PeerUsage,
  LicenseRestore,
  PersonHolding,
  TakenBackLicense,
} from '@internal/plugin-provisioning-workflows-common';

/**
 * The app inventory and SSO activity, for other backend plugins (Productiv
 * Home reads apps and peer usage through it, never through the tables).
 *
 * @public
 */
export interface ProvisioningWorkflowsInventoryService {
  listApps(options: { credentials: BackstageCredentials }): Promise<App[]>;
  listAssignments(
    instanceId: string,
    options: { credentials: BackstageCredentials },
  ): Promise<InstanceAssignment[]>;
  getPeerUsage(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<PeerUsage>;
  /**
   * The licenses a person holds now (app, tier, since when, last sign-in).
   * A person may read their own; anyone else's needs the inventory read
   * permission. Throws a 404 `ResponseError` for a person the inventory does
   * not know yet.
   */
  listHoldings(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<PersonHolding[]>;
  /**
   * What workflows took from a person in the last 90 days, with whether
   * each can be restored now (`GET /people/taken-back`). A person may read
   * their own; anyone else's needs the inventory read permission.
   */
  listTakenBack?(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<TakenBackLicense[]>;
  /**
   * Gives back, on behalf of the caller, a license a workflow took
   * (`POST /workflow-actions/{actionId}/restore`): for the person it was
   * taken from or an app admin; refusals are `ResponseError`s (403, 409 with
   * what to do instead).
   */
  restoreTakenBack?(
    actionId: string,
    options: { credentials: BackstageCredentials },
  ): Promise<LicenseRestore>;
}

/**
 * Calls the provisioning-workflows backend over HTTP on behalf of the caller.
 *
 * @public
 */
export class ProvisioningWorkflowsInventoryClient
  implements ProvisioningWorkflowsInventoryService
{
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  async listApps(options: { credentials: BackstageCredentials }) {
    return (await this.get<{ items: App[] }>('/apps', options)).items;
  }

  async listAssignments(
    instanceId: string,
    options: { credentials: BackstageCredentials },
  ) {
    return (
      await this.get<{ items: InstanceAssignment[] }>(
        `/instances/${encodeURIComponent(instanceId)}/assignments`,
        options,
      )
    ).items;
  }

  async getPeerUsage(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ) {
    return this.get<PeerUsage>(
      `/people/peer-usage?entityRef=${encodeURIComponent(entityRef)}`,
      options,
    );
  }

  async listHoldings(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ) {
    return (
      await this.get<{ items: PersonHolding[] }>(
        `/people/holdings?entityRef=${encodeURIComponent(entityRef)}`,
        options,
      )
    ).items;
  }

  async listTakenBack(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ) {
    return (
      await this.get<{ items: TakenBackLicense[] }>(
        `/people/taken-back?entityRef=${encodeURIComponent(entityRef)}`,
        options,
      )
    ).items;
  }

  async restoreTakenBack(
    actionId: string,
    options: { credentials: BackstageCredentials },
  ) {
    return this.get<LicenseRestore>(
      `/workflow-actions/${encodeURIComponent(actionId)}/restore`,
      options,
      'POST',
    );
  }

  private async get<T>(
    path: string,
    options: { credentials: BackstageCredentials },
    method: 'GET' | 'POST' = 'GET',
  ): Promise<T> {
    const baseUrl = await this.deps.discovery.getBaseUrl(
      'provisioning-workflows',
    );
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'provisioning-workflows',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/**
 * The inventory service, with a default implementation that calls the
 * plugin over HTTP.
 *
 * @public
 */
export const provisioningWorkflowsInventoryServiceRef =
  createServiceRef<ProvisioningWorkflowsInventoryService>({
    id: 'provisioning-workflows.inventory',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { auth: coreServices.auth, discovery: coreServices.discovery },
        factory: deps => new ProvisioningWorkflowsInventoryClient(deps),
      }),
  });

export type { LicenseRestore, TakenBackLicense };
