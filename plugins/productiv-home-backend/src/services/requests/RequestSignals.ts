import { SignalsService } from '@backstage/plugin-signals-node';
import {
  AccessRequest,
  PRODUCTIV_HOME_SIGNALS_CHANNEL,
} from '@internal/plugin-productiv-home-common';

/** Live status for the people involved in a request; the frontend also polls. */
export class RequestSignals {
  constructor(private readonly signals: SignalsService) {}

  async publish(request: AccessRequest): Promise<void> {
    await this.signals.publish({
      recipients: {
        type: 'user',
        entityRef: [
          request.requester,
          ...new Set(request.approvals.map(a => a.approver)),
        ],
      },
      channel: PRODUCTIV_HOME_SIGNALS_CHANNEL,
      message: {
        type: 'request-updated',
        id: request.id,
        status: request.status,
      },
    });
  }
}
