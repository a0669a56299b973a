import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { NewEvent } from '../../database/operations/requests/types';
import { adminNoticeJob } from '../admin/adminNoticeJobs';
import { personName, requestedThing } from './messages';
import { ApproverResolver } from './ApproverResolver';
import { FulfillmentHandoff } from './FulfillmentHandoff';
import { intakeAppOf, isIntakeKey } from './intakeApps';
import { approversToldJob, OnBehalf, onBehalfOf } from './onBehalf';
import { RequestEffects } from './RequestEffects';
import {
  approvalJobs,
  attemptOf,
  notificationJob,
  outcomeJobs,
  requesterJob,
} from './requestJobs';
import { refuseUnless } from './refuseUnless';

/**
 * Approval routing: an approver's decision at the level a request waits on.
 * A deny ends the request; an approval moves it to the next level, or to
 * fulfillment after the last. Approval channels (Slack, e-mail) call this
 * too, with the level they asked at. An admin allowed to override decides
 * for the approvers of the pending level the same way: recorded as on their
 * behalf, and they are told.
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
      /**
       * The actor may decide for the approvers of the pending level without
       * being one of them (checked before: the override permission).
       */
      onBehalf?: boolean;
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
    if (!mine && !options.onBehalf)
      throw new NotAllowedError(
        `You are not an approver of request ${requestId} at level ${request.level}`,
      );
    // An approver who may also override decides as themselves.
    const onBehalf: OnBehalf | undefined = mine
      ? undefined
      : await onBehalfOf(request, options.actor, effects.deps.people);
    const app = isIntakeKey(request.appKey)
      ? intakeAppOf(request.appKey)
      : await effects.getApp(request.appKey);
    const appName = app?.name ?? request.appKey;
    const level = request.level!;
    // The approvers' own approvals stay undecided when an admin decided for them.
    const decision = onBehalf
      ? undefined
      : { level, approver: options.actor, decision: input.decision };
    const comment = input.comment?.trim() || undefined;
    const by = onBehalf?.by ?? options.actor;
    const outcome = (status: 'approved' | 'denied') =>
      outcomeJobs(request, level, status, options.actor, Boolean(onBehalf));
    const approversTold = onBehalf
      ? await approversToldJob(
          request,
          appName,
          input.decision,
          level,
          onBehalf,
          effects.deps.people,
          comment,
        )
      : [];
    const decidedFor = onBehalf ? { onBehalfOf: onBehalf.approvers } : {};

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
              ...decidedFor,
            },
          ],
          jobs: [
            ...(await effects.forChannel([
              ...outcome('denied'),
              requesterJob(requestId, 'denied'),
            ])),
            notificationJob(
              {
                recipients: [request.requester],
                title: `Your request for ${requestedThing(
                  appName,
                  request,
                )} was denied`,
                description:
                  comment ??
                  `Denied by ${await personName(effects.deps.people, by)}`,
                requestId,
              },
              'denied',
              level,
            ),
            ...approversTold,
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
      ...decidedFor,
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
            jobs: approversTold,
          },
          effects.now(),
        );
        effects.jobsQueued();
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
            ...effects.forAdmins(
              next.events.some(e => e.type === 'fallback-used')
                ? [
                    adminNoticeJob({
                      event: 'fallback-used',
                      requestId,
                      level: level + 1,
                    }),
                  ]
                : [],
            ),
            ...(await effects.forChannel([
              ...outcome('approved'),
              ...approvalJobs(requestId, next.approvers),
              requesterJob(requestId, 'approved-level', level),
            ])),
            notificationJob(
              {
                recipients: next.approvers.map(a => a.approver),
                title: `Approve ${requestedThing(
                  app.name,
                  request,
                )} for ${await personName(
                  effects.deps.people,
                  request.requester,
                )}?`,
                description: `Approved at level ${level} by ${await personName(
                  effects.deps.people,
                  by,
                )}`,
                requestId,
              },
              'approval-request',
              level + 1,
            ),
            notificationJob(
              {
                recipients: [request.requester],
                title: `Your request for ${requestedThing(
                  app.name,
                  request,
                )} was approved at level ${level}`,
                description: `It now waits for level ${level + 1}`,
                requestId,
              },
              'approved-level',
              level,
            ),
            ...approversTold,
          ],
        },
        effects.now(),
      );
      effects.jobsQueued();
      return effects.changed(requestId);
    }
    // New-app (intake) requests end approved: IT takes it from there.
    // Others go on to fulfillment in the same transaction.
    const toFulfillment = app && !isIntakeKey(app.appKey) ? app : undefined;
    const handoff = toFulfillment
      ? await this.handoff.handoff(toFulfillment, attemptOf(request), request)
      : undefined;
    await store.transition(
      requestId,
      request.version,
      {
        status: handoff?.status ?? 'approved',
        level: null,
        decision,
        fulfillment: handoff?.fulfillment,
        events: [
          { ...approvedEvent, status: 'approved' },
          ...(handoff?.events ?? []),
        ],
        jobs: [
          ...(await effects.forChannel([
            ...outcome('approved'),
            ...(toFulfillment && toFulfillment.fulfillment !== 'manual'
              ? [requesterJob(requestId, 'approved')]
              : []),
          ])),
          ...approversTold,
          ...(handoff?.jobs(request) ?? []),
        ],
      },
      effects.now(),
    );
    effects.jobsQueued();
    return effects.changed(requestId);
  }
}
