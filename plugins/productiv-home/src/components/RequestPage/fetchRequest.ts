import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';

/**
 * `GET /requests/{id}`: one request with its approvals and history, for its
 * requester, its approvers and admins (others get 404). The plugin's client
 * has no such method yet; this is the one read the request page needs.
 */
export async function fetchRequest(
  deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  id: string,
): Promise<AccessRequest> {
  const baseUrl = await deps.discoveryApi.getBaseUrl('productiv-home');
  const response = await deps.fetchApi.fetch(
    `${baseUrl}/requests/${encodeURIComponent(id)}`,
  );
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return (await response.json()) as AccessRequest;
}
