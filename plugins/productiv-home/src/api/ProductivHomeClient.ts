import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AccessRequest,
  ApproverPreview,
  CatalogApp,
  CatalogAppTiers,
  CatalogListing,
  HeldAccess,
  PersonAccess,
  RequestSeats,
  HomeApp,
  HomeSettings,
  InventoryInstanceOption,
  ProductivHomeProfile,
} from '@internal/plugin-productiv-home-common';
import {
  CatalogCandidate,
  ConnectorInfo,
  ConnectorTestResult,
  ProductivHomeApi,
} from './ProductivHomeApi';

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

  async listApps(): Promise<HomeApp[]> {
    return (await this.get<{ items: HomeApp[] }>('/apps')).items;
  }

  async listCatalog(): Promise<CatalogApp[]> {
    // The listing is the same for everyone; the caller's peer counts, the
    // tiers' details and what the caller holds come beside it, and without
    // them the listing still shows.
    type Counts = { appKey: string } & NonNullable<CatalogApp['peers']>;
    const [catalog, peers, tiers, held] = await Promise.all([
      this.get<{ items: CatalogListing[] }>('/catalog'),
      this.get<{ items: Counts[] }>('/catalog/peers').catch(() => undefined),
      this.get<{ items: CatalogAppTiers[] }>('/catalog/tiers').catch(
        () => undefined,
      ),
      this.listMyAccess().catch(() => undefined),
    ]);
    const byApp = new Map(peers?.items.map(p => [p.appKey, p]));
    const tiersOf = new Map(tiers?.items.map(t => [t.appKey, t.tiers]));
    const heldOf = new Map(
      held?.filter(h => h.appKey).map(h => [h.appKey!, h]),
    );
    return catalog.items.map(app => {
      const counts = byApp.get(app.appKey);
      const holding = heldOf.get(app.appKey);
      return {
        ...app,
        tierDetails: tiersOf.get(app.appKey),
        held: holding
          ? {
              tier: holding.tier,
              tierName: holding.tierName,
              since: holding.since,
            }
          : undefined,
        peers: peers
          ? {
              team: counts?.team ?? 0,
              title: counts?.title ?? 0,
              department: counts?.department ?? 0,
            }
          : undefined,
      };
    });
  }

  async previewApprovers(appKey: string): Promise<ApproverPreview> {
    return this.get<ApproverPreview>(
      `/catalog/${encodeURIComponent(appKey)}/approvers`,
    );
  }

  async getRequestSeats(requestId: string): Promise<RequestSeats> {
    return this.get<RequestSeats>(
      `/requests/${encodeURIComponent(requestId)}/seats`,
    );
  }

  async getPersonAccess(userRef: string): Promise<PersonAccess> {
    return this.get<PersonAccess>(
      `/people/access?entityRef=${encodeURIComponent(userRef)}`,
    );
  }

  async listMyAccess(): Promise<HeldAccess[]> {
    return (await this.get<{ items: HeldAccess[] }>('/me/access')).items;
  }

  async submitRequest(input: {
    appKey: string;
    tier: string;
    justification?: string;
    accessDays?: number;
  }) {
    return this.get<AccessRequest>('/requests', {
      method: 'POST',
      body: input,
    });
  }

  async extendAccess(
    grantId: string,
    input: { accessDays: number; justification?: string },
  ) {
    return this.get<AccessRequest>(
      `/requests/${encodeURIComponent(grantId)}/extend`,
      { method: 'POST', body: input },
    );
  }

  async submitIntake(input: { name: string; url?: string; reason: string }) {
    return this.get<AccessRequest>('/requests/intake', {
      method: 'POST',
      body: input,
    });
  }

  async giveBack(input: { appKey: string; justification?: string }) {
    return this.get<AccessRequest>('/requests/return', {
      method: 'POST',
      body: input,
    });
  }

  async listMyRequests(): Promise<AccessRequest[]> {
    return (await this.get<{ items: AccessRequest[] }>('/requests')).items;
  }

  async listApprovals(): Promise<AccessRequest[]> {
    return (await this.get<{ items: AccessRequest[] }>('/approvals')).items;
  }

  async decide(
    requestId: string,
    input: { decision: 'approved' | 'denied'; comment?: string },
  ) {
    return this.get<AccessRequest>(
      `/requests/${encodeURIComponent(requestId)}/decision`,
      { method: 'POST', body: input },
    );
  }

  async cancel(requestId: string) {
    return this.get<AccessRequest>(
      `/requests/${encodeURIComponent(requestId)}/cancel`,
      { method: 'POST', body: {} },
    );
  }

  async listCandidates(): Promise<CatalogCandidate[]> {
    return (
      await this.get<{ items: CatalogCandidate[] }>('/catalog/candidates')
    ).items;
  }

  async listInventoryInstances(): Promise<InventoryInstanceOption[]> {
    return (
      await this.get<{ items: InventoryInstanceOption[] }>(
        '/inventory/instances',
      )
    ).items;
  }

  async putApp(app: HomeApp): Promise<HomeApp> {
    const { appKey, ...body } = app;
    return this.get<HomeApp>(`/apps/${encodeURIComponent(appKey)}`, {
      method: 'PUT',
      body,
    });
  }

  async removeApp(appKey: string): Promise<void> {
    await this.get<void>(`/apps/${encodeURIComponent(appKey)}`, {
      method: 'DELETE',
      body: {},
    });
  }

  async getSettings(): Promise<HomeSettings> {
    return this.get<HomeSettings>('/settings');
  }

  async listAllRequests(filter?: {
    status?: AccessRequest['status'][];
  }): Promise<AccessRequest[]> {
    const query = new URLSearchParams({ scope: 'all', limit: '200' });
    for (const s of filter?.status ?? []) query.append('status', s);
    return (await this.get<{ items: AccessRequest[] }>(`/requests?${query}`))
      .items;
  }

  async retryRequest(requestId: string): Promise<AccessRequest> {
    return this.get<AccessRequest>(
      `/requests/${encodeURIComponent(requestId)}/retry`,
      { method: 'POST', body: {} },
    );
  }

  async listConnectors(): Promise<ConnectorInfo[]> {
    return (await this.get<{ items: ConnectorInfo[] }>('/connectors')).items;
  }

  async testConnector(id: string): Promise<ConnectorTestResult> {
    return this.get<ConnectorTestResult>(
      `/connectors/${encodeURIComponent(id)}/test`,
      { method: 'POST', body: {} },
    );
  }

  async putSettings(settings: HomeSettings): Promise<HomeSettings> {
    return this.get<HomeSettings>('/settings', {
      method: 'PUT',
      body: settings,
    });
  }

  private async get<T>(
    path: string,
    init?: { method: string; body: object },
  ): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('productiv-home');
    const response = await this.deps.fetchApi.fetch(
      `${baseUrl}${path}`,
      init
        ? {
            method: init.method,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(init.body),
          }
        : undefined,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
