import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Run } from '@internal/plugin-provisioning-workflows-common';

/**
 * Client of the provisioning-workflows backend.
 *
 * @public
 */
export interface ProvisioningWorkflowsApi {
  listRuns(options?: { limit?: number }): Promise<Run[]>;
}

/**
 * @public
 */
export const provisioningWorkflowsApiRef =
  createApiRef<ProvisioningWorkflowsApi>({
    id: 'plugin.provisioning-workflows.service',
  });

/**
 * Talks to the provisioning-workflows backend over HTTP.
 *
 * @public
 */
export class ProvisioningWorkflowsClient implements ProvisioningWorkflowsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listRuns(options?: { limit?: number }): Promise<Run[]> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(
      'provisioning-workflows',
    );
    const query = new URLSearchParams({ limit: String(options?.limit ?? 50) });
    const response = await this.deps.fetchApi.fetch(`${baseUrl}/runs?${query}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return ((await response.json()) as { items: Run[] }).items;
  }
}
