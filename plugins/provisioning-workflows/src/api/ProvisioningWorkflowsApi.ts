import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Run,
  UnmatchedPeople,
} from '@internal/plugin-provisioning-workflows-common';

/**
 * Client of the provisioning-workflows backend.
 *
 * @public
 */
export interface ProvisioningWorkflowsApi {
  listRuns(options?: { limit?: number }): Promise<Run[]>;
  /** Starts the inventory sync or the activity ingest now. */
  startSync(kind: 'inventory' | 'activity'): Promise<void>;
  getUnmatchedPeople(): Promise<UnmatchedPeople>;
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
    const query = new URLSearchParams({ limit: String(options?.limit ?? 50) });
    return (await this.call<{ items: Run[] }>(`/runs?${query}`)).items;
  }

  async startSync(kind: 'inventory' | 'activity'): Promise<void> {
    await this.call(`/sync/${kind}`, { method: 'POST' });
  }

  async getUnmatchedPeople(): Promise<UnmatchedPeople> {
    return this.call<UnmatchedPeople>('/people/unmatched');
  }

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(
      'provisioning-workflows',
    );
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
