import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { NewEvent } from '../../database/operations/requests/types';
import { ApproverResolver } from './ApproverResolver';
import { FulfillmentHandoff } from './FulfillmentHandoff';
import { intakeAppOf, isIntakeKey } from './intakeApps';
import { RequestEffects } from './RequestEffects';
import {
  approvalJobs,
  notificationJob,
  outcomeJobs,
  requesterJob,
} from './requestJobs';
import { refuseUnless } from './refuseUnless';

/**
 * Approval routing: an approver's decision at the level a request waits on.
 * A deny ends the request; an approval moves it to the next level, or to
 * fulfillment after the last. Approval channels (Slack, e-mail) call this
 * too, with the level they asked at.
 */
export class RequestDecisions {
  constructor(
    private readonly effects: RequestEffects,
    private readonly approvers: ApproverResolver,
    private readonly handoff: FulfillmentHandoff,
  ) {}

  async decide(
    requestId: string,
    input: { decision: 'approved' | 'denied'; comment?: string },
    options: {
      actor: string;
      /** The level the approver was asked at (a channel's message): a decision for an earlier level is refused. */
      level?: number;
    },
  ): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const request = await store.get(requestId);
    if (request.requester === options.actor)
      throw new NotAllowedError('You cannot decide on your own request');
    if (options.level !== undefined && request.level !== options.level) {
      throw new ConflictError(
        `Request ${requestId} no longer waits for a decision at level ${options.level}`,
      );
    }
    refuseUnless(
      requestId,
      request,
      'pending_approval',
      '; there is nothing to decide',
    );
    const mine = request.approvals.find(
      a => a.level === request.level && a.approver === options.actor,
    );
    if (!mine)
      throw new NotAllowedError(
        `You are not an approver of request ${requestId} at level ${request.level}`,
      );
    const app = isIntakeKey(request.appKey)
      ? intakeAppOf(request.appKey)
      : await effects.getApp(request.appKey);
    const level = request.level!;
    const decision = {
      level,
      approver: options.actor,
      decision: input.decision,
    };
    const comment = input.comment?.trim() || undefined;

    if (input.decision === 'denied') {
      await store.transition(
        requestId,
        request.version,
        {
          status: 'denied',
          level: null,
          decision,
          events: [
            {
              actor: options.actor,
              type: 'denied',
              level,
              comment,
              status: 'denied',
            },
          ],
          jobs: [
            ...(await effects.forChannel([
              ...outcomeJobs(request, level, 'denied', options.actor),
              requesterJob(requestId, 'denied'),
            ])),
            notificationJob(
              {
                recipients: [request.requester],
                title: `Your request for ${app?.name ?? request.appKey} (${
                  request.tier
                }) was denied`,
                description: comment ?? `Denied by ${options.actor}`,
                requestId,
              },
              'denied',
              level,
            ),
          ],
        },
        effects.now(),
      );
      effects.jobsQueued();
      return effects.changed(requestId);
    }

    const settings = await effects.deps.settings();
    const levels = app?.approval.levels.length
      ? app.approval.levels
      : settings.defaultApprovers;
    const approvedEvent: NewEvent = {
      actor: options.actor,
      type: 'approved',
      level,
      comment,
      status: 'pending_approval',
    };
    if (level < levels.length && app) {
      const next = await this.approvers.resolveLevel(
        level + 1,
        levels[level],
        app,
        request.requester,
        settings,
      );
      if (!next.approvers.length) {
        await store.transition(
          requestId,
          request.version,
          {
            status: 'failed',
            level: null,
            decision,
            events: [
              approvedEvent,
              {
                actor: 'system',
                type: 'failed',
                level: level + 1,
                comment:
                  'No approver for the next level and no fallback approver',
                status: 'failed',
              },
            ],
          },
          effects.now(),
        );
        return effects.changed(requestId);
      }
      await store.transition(
        requestId,
        request.version,
        {
          status: 'pending_approval',
          level: level + 1,
          decision,
          approvals: next.approvers,
          events: [approvedEvent, ...next.events],
          jobs: [
            ...(await effects.forChannel([
              ...outcomeJobs(request, level, 'approved', options.actor),
              ...approvalJobs(requestId, next.approvers),
              requesterJob(requestId, 'approved-level', level),
            ])),
            notificationJob(
              {
                recipients: next.approvers.map(a => a.approver),
                title: `Approve ${app.name} (${request.tier}) for ${request.requester}?`,
                description: `Approved at level ${level} by ${options.actor}`,
                requestId,
              },
              'approval-request',
              level + 1,
            ),
            notificationJob(
              {
                recipients: [request.requester],
                title: `Your request for ${app.name} (${request.tier}) was approved at level ${level}`,
                description: `It now waits for level ${level + 1}`,
                requestId,
              },
              'approved-level',
              level,
            ),
          ],
        },
        effects.now(),
      );
      effects.jobsQueued();
      return effects.changed(requestId);
    }
    // New-app (intake) requests end approved: IT takes it from there.
    const toFulfillment = app && !isIntakeKey(app.appKey) ? app : undefined;
    await store.transition(
      requestId,
      request.version,
      {
        status: 'approved',
        level: null,
        decision,
        events: [{ ...approvedEvent, status: 'approved' }],
        jobs: await effects.forChannel([
          ...outcomeJobs(request, level, 'approved', options.actor),
          ...(toFulfillment && toFulfillment.fulfillment !== 'manual'
            ? [requesterJob(requestId, 'approved')]
            : []),
        ]),
      },
      effects.now(),
    );
    effects.jobsQueued();
    return toFulfillment
      ? this.handoff.fulfill(requestId, toFulfillment)
      : effects.changed(requestId);
  }
}
