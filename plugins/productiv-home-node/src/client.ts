import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';

/**
 * Calls the Productiv Home backend from other plugins (the scaffolder
 * action, for one) on behalf of a user.
 *
 * @public
 */
export class ProductivHomeBackendClient {
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  /** Asks for an app of the Home catalog for the user of `credentials`. */
  async requestApp(
    input: { appKey: string; tier: string; justification?: string },
    options: { credentials: BackstageCredentials },
  ): Promise<AccessRequest> {
    const baseUrl = await this.deps.discovery.getBaseUrl('productiv-home');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'productiv-home',
    });
    const response = await fetch(`${baseUrl}/requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as AccessRequest;
  }
}
