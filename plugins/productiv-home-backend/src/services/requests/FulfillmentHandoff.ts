import { AccessRequest, HomeApp } from '@internal/plugin-productiv-home-common';
import { RequestEffects } from './RequestEffects';
import { NewJob } from '@internal/durable-jobs';
import {
  attemptOf,
  fulfillJob,
  notificationJob,
  requesterJob,
} from './requestJobs';

/** What fulfillment reports for a request. */
export type FulfillmentReport =
  | { status: 'fulfilled'; provider?: string; detail?: string }
  | {
      status: 'pending';
      provider: string;
      externalId: string;
      externalUrl?: string;
    }
  | { status: 'failed'; provider?: string; reason: string };

/**
 * Between approval and access: hands approved requests to fulfillment and
 * records what fulfillment reports.
 */
export class FulfillmentHandoff {
  constructor(private readonly effects: RequestEffects) {}

  /**
   * Hands an approved request to fulfillment. Apps set to manual are
   * fulfilled at once; the others go to a durable `fulfill` job, queued in
   * the same transaction as the move to `fulfilling`.
   */
  async fulfill(requestId: string, app: HomeApp): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const request = await store.get(requestId);
    if (app.fulfillment === 'manual') {
      await store.transition(
        request.id,
        request.version,
        {
          status: 'fulfilled',
          events: [
            {
              actor: 'system',
              type: 'fulfilling',
              comment: 'manual',
              status: 'fulfilling',
            },
            { actor: 'system', type: 'fulfilled', status: 'fulfilled' },
          ],
          jobs: [
            ...(await effects.forChannel([
              requesterJob(request.id, 'fulfilled', attemptOf(request)),
            ])),
            outcomeNotification(
              request,
              app,
              { status: 'fulfilled' },
              attemptOf(request),
            ),
          ],
        },
        effects.now(),
      );
      effects.jobsQueued();
      return effects.changed(requestId);
    }
    await store.transition(
      request.id,
      request.version,
      {
        status: 'fulfilling',
        fulfillment: { failureReason: null },
        events: [
          {
            actor: 'system',
            type: 'fulfilling',
            comment: app.fulfillment,
            status: 'fulfilling',
          },
        ],
        jobs: [fulfillJob(request.id, attemptOf(request) + 1)],
      },
      effects.now(),
    );
    effects.jobsQueued();
    return effects.changed(requestId);
  }

  /**
   * Records what fulfillment reported for a request in `fulfilling`:
   * fulfilled, a ticket opened (stays fulfilling until resolved), or failed.
   * Results for a request that is no longer fulfilling are ignored (a late
   * or repeated report).
   */
  async recordFulfillment(
    requestId: string,
    result: FulfillmentReport,
  ): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const request = await store.get(requestId);
    if (request.status !== 'fulfilling') return request;
    if (result.status === 'pending') {
      if (request.fulfillment?.externalId === result.externalId) return request;
      await store.transition(
        requestId,
        request.version,
        {
          status: 'fulfilling',
          fulfillment: {
            provider: result.provider,
            externalId: result.externalId,
            externalUrl: result.externalUrl ?? null,
          },
          events: [
            {
              actor: 'system',
              type: 'ticket-opened',
              comment: `${result.provider} ${result.externalId}${
                result.externalUrl ? ` ${result.externalUrl}` : ''
              }`,
              status: 'fulfilling',
            },
          ],
        },
        effects.now(),
      );
      return effects.changed(requestId);
    }
    const app = await effects.getApp(request.appKey);
    await store.transition(
      requestId,
      request.version,
      {
        status: result.status,
        fulfillment: {
          ...(result.provider ? { provider: result.provider } : {}),
          failureReason: result.status === 'failed' ? result.reason : null,
        },
        events: [
          {
            actor: 'system',
            type: result.status,
            comment: result.status === 'failed' ? result.reason : result.detail,
            status: result.status,
          },
        ],
        jobs: [
          ...(await effects.forChannel([
            requesterJob(requestId, result.status, attemptOf(request)),
          ])),
          outcomeNotification(request, app, result, attemptOf(request)),
        ],
      },
      effects.now(),
    );
    effects.jobsQueued();
    return effects.changed(requestId);
  }
}

/** Tells the requester how fulfillment ended (the n-th attempt). */
function outcomeNotification(
  request: AccessRequest,
  app: HomeApp | undefined,
  result: { status: 'fulfilled' } | { status: 'failed'; reason: string },
  attempt: number,
): NewJob {
  const name = app?.name ?? request.appKey;
  return notificationJob(
    {
      recipients: [request.requester],
      title:
        result.status === 'fulfilled'
          ? `You have access to ${name} (${request.tier})`
          : `Your access to ${name} (${request.tier}) could not be set up`,
      description:
        result.status === 'failed'
          ? result.reason
          : 'Your request was approved and fulfilled',
      requestId: request.id,
    },
    result.status,
    attempt,
  );
}
