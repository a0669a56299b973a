import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ProductivHomeProfile } from '@internal/plugin-productiv-home-common';
import { ProductivHomeApi } from './ProductivHomeApi';

/**
 * Talks to the productiv-home backend over HTTP.
 *
 * @public
 */
export class ProductivHomeClient implements ProductivHomeApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getProfile(): Promise<ProductivHomeProfile> {
    return this.get<ProductivHomeProfile>('/me');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('productiv-home');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
