import { AccessRequest, HomeApp } from '@internal/plugin-productiv-home-common';
import { requestedThing } from './messages';
import { NewJob } from '@internal/durable-jobs';
import {
  FulfillmentChange,
  NewEvent,
} from '../../database/operations/requests/types';
import { adminNoticeJob } from '../admin/adminNoticeJobs';
import { RequestEffects } from './RequestEffects';
import { grantChangeOf, timeBound } from '../grants/grantChanges';
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

/** What moves an approved request on to fulfillment (see `handoff`). */
export type Handoff = {
  status: 'fulfilling' | 'fulfilled';
  fulfillment?: FulfillmentChange;
  events: NewEvent[];
  /** The work it causes, made from the request. */
  jobs: (
    request: Pick<
      AccessRequest,
      'id' | 'requester' | 'appKey' | 'tier' | 'fromTier' | 'kind'
    >,
  ) => NewJob[];
};

/**
 * Between approval and access: hands approved requests to fulfillment and
 * records what fulfillment reports.
 */
export class FulfillmentHandoff {
  constructor(private readonly effects: RequestEffects) {}

  /**
   * The change that hands an approved request to fulfillment, for the
   * caller to write in the same transaction as the approval (or retry) that
   * causes it: a backend that dies in between must not leave the request
   * approved with no fulfill job. Apps set to manual are fulfilled at once;
   * the others get a durable `fulfill` job. `attempt` counts the earlier
   * handoffs (`attemptOf` the request before this change). Time-bound
   * access (a duration, an extension, a removal at expiry) always goes
   * through the `fulfill` job, whose outcome records the grant.
   */
  async handoff(
    app: HomeApp,
    attempt: number,
    asked?: Pick<AccessRequest, 'kind' | 'accessDays'>,
  ): Promise<Handoff> {
    const { effects } = this;
    if (app.fulfillment === 'manual' && !(asked && timeBound(asked))) {
      // Channel work only when the settings' channel can deliver it.
      const channelOn = await effects.channelOn();
      return {
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
        jobs: request => [
          ...(channelOn && request.kind !== 'return'
            ? [requesterJob(request.id, 'fulfilled', attempt)]
            : []),
          outcomeNotification(request, app, { status: 'fulfilled' }, attempt),
        ],
      };
    }
    return {
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
      jobs: request => [fulfillJob(request.id, attempt + 1)],
    };
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
    const grantChange =
      result.status === 'fulfilled'
        ? await grantChangeOf(request, effects.deps.grants, effects.now())
        : undefined;
    if (grantChange && 'refused' in grantChange) {
      return this.recordFulfillment(requestId, {
        status: 'failed',
        provider: result.provider,
        reason: grantChange.refused,
      });
    }
    const ended =
      (await effects.deps.fulfillmentEnded?.(
        request,
        attemptOf(request),
        result,
      )) ?? [];
    await store.transition(
      requestId,
      request.version,
      {
        status: result.status,
        fulfillment: {
          ...(result.provider ? { provider: result.provider } : {}),
          failureReason: result.status === 'failed' ? result.reason : null,
        },
        grant: grantChange,
        events: [
          {
            actor: 'system',
            type: result.status,
            comment: result.status === 'failed' ? result.reason : result.detail,
            status: result.status,
          },
        ],
        jobs: [
          // The approval channel's updates speak of access granted; a
          // return or a reclaim is told through the notification below only.
          ...(request.kind === 'return' ||
          request.kind === 'reclaim' ||
          request.kind === 'extend' ||
          request.kind === 'expire'
            ? []
            : await effects.forChannel([
                requesterJob(requestId, result.status, attemptOf(request)),
              ])),
          outcomeNotification(request, app, result, attemptOf(request)),
          ...ended,
          // A failure is final (retries are over): the admins hear of it.
          ...(result.status === 'failed'
            ? effects.forAdmins([
                adminNoticeJob({
                  event: 'failed',
                  requestId,
                  attempt: attemptOf(request),
                }),
              ])
            : []),
        ],
      },
      effects.now(),
    );
    effects.jobsQueued();
    return effects.changed(requestId);
  }
}

/**
 * Tells the person how IT's change of their license ended; its title is
 * the one the request was submitted with ("Figma Editor removed by license
 * automation"), which names an app Home may not offer.
 */
function reclaimNotification(
  request: Pick<AccessRequest, 'id' | 'requester'> &
    Partial<Pick<AccessRequest, 'history'>>,
  result: { status: 'fulfilled' } | { status: 'failed'; reason: string },
  attempt: number,
): NewJob {
  const title =
    request.history?.find(e => e.type === 'submitted')?.comment ??
    'A license changed by license automation';
  return notificationJob(
    {
      recipients: [request.requester],
      title: result.status === 'fulfilled' ? title : `Not done: ${title}`,
      description:
        result.status === 'failed'
          ? result.reason
          : 'IT made the change. Request the app again from Productiv Home whenever you need it.',
      requestId: request.id,
    },
    result.status,
    attempt,
  );
}

/** Tells the requester how fulfillment ended (the n-th attempt). */
function outcomeNotification(
  request: Pick<
    AccessRequest,
    'id' | 'requester' | 'appKey' | 'tier' | 'fromTier' | 'kind'
  > &
    Partial<Pick<AccessRequest, 'history'>>,
  app: HomeApp | undefined,
  result: { status: 'fulfilled' } | { status: 'failed'; reason: string },
  attempt: number,
): NewJob {
  if (request.kind === 'reclaim') {
    return reclaimNotification(request, result, attempt);
  }
  const name = requestedThing(app?.name ?? request.appKey, request);
  if (request.kind === 'extend' || request.kind === 'expire') {
    return notificationJob(
      {
        recipients: [request.requester],
        requestId: request.id,
        ...timeBoundTexts(request.kind, name, result),
      },
      result.status,
      attempt,
    );
  }
  if (request.kind === 'return') {
    return notificationJob(
      {
        recipients: [request.requester],
        title:
          result.status === 'fulfilled'
            ? `You gave back ${name}`
            : `${name} could not be given back`,
        description:
          result.status === 'failed'
            ? result.reason
            : 'Your license is free for someone else. Request it again from Productiv Home whenever you need it.',
        requestId: request.id,
      },
      result.status,
      attempt,
    );
  }
  return notificationJob(
    {
      recipients: [request.requester],
      title:
        result.status === 'fulfilled'
          ? `You have access to ${name}`
          : `Your access to ${name} could not be set up`,
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

/** What the holder hears when an extension or a removal at expiry ends. */
function timeBoundTexts(
  kind: 'extend' | 'expire',
  name: string,
  result: { status: 'fulfilled' } | { status: 'failed'; reason: string },
): { title: string; description: string } {
  if (kind === 'extend') {
    return result.status === 'fulfilled'
      ? {
          title: `Your access to ${name} was extended`,
          description: 'The request page shows the new expiry.',
        }
      : {
          title: `Your access to ${name} was not extended`,
          description: result.reason,
        };
  }
  return result.status === 'fulfilled'
    ? {
        title: `Your access to ${name} ended`,
        description:
          'It was time-bound and has been removed. Request it again from Productiv Home whenever you need it.',
      }
    : {
        title: `Your access to ${name} ended but could not be removed`,
        description: result.reason,
      };
}
