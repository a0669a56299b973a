import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  LicenseRestore,
  TakenBackLicense,
} from '@internal/plugin-provisioning-workflows-common';

/**
 * What workflows took from the signed-in person, and the one-click
 * restore: `GET /people/taken-back`, `POST /workflow-actions/{id}/restore`.
 * Refusals become `ResponseError`s with the server's message.
 */
export class RestoreClient {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(
      'provisioning-workflows',
    );
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  async takenBack(): Promise<TakenBackLicense[]> {
    return (
      await this.call<{ items: TakenBackLicense[] }>('/people/taken-back')
    ).items;
  }

  restore(actionId: string): Promise<LicenseRestore> {
    return this.call(
      `/workflow-actions/${encodeURIComponent(actionId)}/restore`,
      { method: 'POST' },
    );
  }
}
