import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { reclaimApp } from '../itChanges/reclaimNames';
import { FulfillmentHandoff } from './FulfillmentHandoff';
import { RequestEffects } from './RequestEffects';
import { attemptOf, outcomeJobs } from './requestJobs';
import { refuseUnless } from './refuseUnless';

/** The requester cancels a pending request; an admin retries a failed one. */
export class RequestCancelRetry {
  constructor(
    private readonly effects: RequestEffects,
    private readonly handoff: FulfillmentHandoff,
  ) {}

  async cancel(
    requestId: string,
    options: { actor: string },
  ): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const request = await store.get(requestId);
    if (request.requester !== options.actor)
      throw new NotAllowedError('Only the requester can cancel a request');
    refuseUnless(
      requestId,
      request,
      'pending_approval',
      ' and can no longer be cancelled',
    );
    await store.transition(
      requestId,
      request.version,
      {
        status: 'cancelled',
        level: null,
        events: [
          { actor: options.actor, type: 'cancelled', status: 'cancelled' },
        ],
        jobs: request.level
          ? await effects.forChannel(
              outcomeJobs(request, request.level, 'cancelled', options.actor),
            )
          : [],
      },
      effects.now(),
    );
    effects.jobsQueued();
    return effects.changed(requestId);
  }

  /** An admin sends a failed request to fulfillment again. */
  async retryFulfillment(
    requestId: string,
    options: { actor: string },
  ): Promise<AccessRequest> {
    const effects = this.effects;
    const request = await effects.deps.store.get(requestId);
    refuseUnless(
      requestId,
      request,
      'failed',
      '; only failed requests can be retried',
    );
    // A reclaim goes to IT again, whatever the app's own fulfillment.
    const app =
      request.kind === 'reclaim'
        ? reclaimApp(request.appKey)
        : await effects.getApp(request.appKey);
    if (!app) {
      throw new ConflictError(
        `${request.appKey} is no longer in Productiv Home; add it again to retry`,
      );
    }
    // Retried and handed to fulfillment again in one transaction.
    const handoff = await this.handoff.handoff(
      app,
      attemptOf(request),
      request,
    );
    await effects.deps.store.transition(
      requestId,
      request.version,
      {
        status: handoff.status,
        fulfillment: handoff.fulfillment,
        events: [
          {
            actor: options.actor,
            type: 'retried',
            comment: request.fulfillment?.failureReason,
            status: 'approved',
          },
          ...handoff.events,
        ],
        jobs: handoff.jobs(request),
      },
      effects.now(),
    );
    effects.jobsQueued();
    return effects.changed(requestId);
  }
}
