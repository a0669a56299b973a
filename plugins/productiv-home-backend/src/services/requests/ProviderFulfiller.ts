import { LoggerService } from '@backstage/backend-plugin-api';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { RequestFulfiller } from './types';

/**
 * Hands approved requests to the fulfillment providers that backend modules
 * registered: `okta` for automatic apps, the active ticketing provider for
 * the others. Apps set to manual are fulfilled on approval (the no-op
 * fulfiller). Without a provider the request waits in `fulfilling`.
 */
export class ProviderFulfiller implements RequestFulfiller {
  constructor(
    private readonly deps: {
      connectors: ConnectorsService;
      logger: LoggerService;
    },
  ) {}

  async fulfill(
    request: Parameters<RequestFulfiller['fulfill']>[0],
  ): ReturnType<RequestFulfiller['fulfill']> {
    if (request.mode === 'manual') return { status: 'fulfilled' };
    const provider =
      request.mode === 'automatic'
        ? this.deps.connectors.okta
        : this.deps.connectors.activeTicketing;
    if (!provider) {
      this.deps.logger.warn(
        `No ${request.mode} fulfillment provider is installed; request ${request.id} waits`,
      );
      return { status: 'fulfilling' };
    }
    const result = await provider.fulfill(
      {
        requestId: request.id,
        requesterRef: request.requester,
        appKey: request.appKey,
        appName: request.appKey,
        tier: request.tier,
        approvals: [],
        link: `/productiv-home/requests/${request.id}`,
      },
      { logger: this.deps.logger, idempotencyKey: `fulfill:${request.id}` },
    );
    if (result.status === 'pending') return { status: 'fulfilling' };
    return result.status === 'fulfilled'
      ? { status: 'fulfilled' }
      : { status: 'failed', reason: result.reason };
  }
}
