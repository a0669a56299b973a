import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** What IT is asked to change (Productiv Home's `POST /it-changes`). */
export type ItChangeRequest = {
  /** The action id: a repeated call is the same change, never a second ticket. */
  idempotencyKey: string;
  email?: string;
  personRef?: string;
  oktaAppId: string;
  appName: string;
  instanceLabel?: string;
  change: 'remove' | 'downgrade';
  /** The tier taken away; none for an app without tiers. */
  fromTier?: string;
  fromTierName?: string;
  toTier?: string;
  toTierName?: string;
  reason: string;
  link?: string;
};

/** Where a change handed to IT stands. */
export type ItChangeAnswer = {
  requestId: string;
  status: 'open' | 'done' | 'failed';
  reason?: string;
  ticket?: { provider?: string; externalId?: string; externalUrl?: string };
};

/** Why IT cannot be asked at all: no Productiv Home to open tickets. */
export class NoTicketingError extends Error {
  name = 'NoTicketingError';
}

/** A refusal that asking again cannot change (a 4xx other than 429). */
export class ItChangeRefusedError extends Error {
  name = 'ItChangeRefusedError';
}

/** How provisioning workflows asks IT for the changes Okta cannot make. */
export interface ItChanges {
  submit(
    change: ItChangeRequest,
    signal?: AbortSignal,
  ): Promise<ItChangeAnswer>;
  status(idempotencyKey: string, signal?: AbortSignal): Promise<ItChangeAnswer>;
}

const HOME = 'productiv-home';

/**
 * Productiv Home's ticketing, called service to service with this
 * plugin's own credentials (Home accepts provisioning workflows' only).
 * Throws {@link NoTicketingError} when Home is not installed,
 * {@link ItChangeRefusedError} on a refusal, and anything else (5xx, 429,
 * a network error) for the caller's job to retry.
 */
export class HomeItChanges implements ItChanges {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      fetch?: typeof fetch;
    },
  ) {}

  submit(change: ItChangeRequest, signal?: AbortSignal) {
    return this.call('POST', '/it-changes', change, signal);
  }

  status(idempotencyKey: string, signal?: AbortSignal) {
    return this.call(
      'GET',
      `/it-changes/${encodeURIComponent(idempotencyKey)}`,
      undefined,
      signal,
    );
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<ItChangeAnswer> {
    const fetchFn = this.deps.fetch ?? fetch;
    const baseUrl = await this.deps.discovery.getBaseUrl(HOME);
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: HOME,
    });
    const response = await fetchFn(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
    if (response.ok) return (await response.json()) as ItChangeAnswer;
    const error = await ResponseError.fromResponse(response);
    if (response.status === 404 && !(await this.installed(baseUrl, signal))) {
      throw new NoTicketingError(
        'Productiv Home is not installed, so no ticketing system can take changes Okta cannot make',
      );
    }
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 429 &&
      response.status !== 408
    ) {
      throw new ItChangeRefusedError(
        `Productiv Home refused to hand the change to IT (${
          response.status
        }): ${error.body?.error?.message ?? error.message}`,
      );
    }
    throw error;
  }

  /** Whether Home answers at all (its health route). */
  private async installed(baseUrl: string, signal?: AbortSignal) {
    const fetchFn = this.deps.fetch ?? fetch;
    const health = await fetchFn(`${baseUrl}/health`, { signal });
    return health.ok;
  }
}
