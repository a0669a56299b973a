import { ConflictError } from '@backstage/errors';
import { HomeSettings } from '@internal/plugin-productiv-home-common';
import { ExpiryCandidate } from '../../database/operations/overdue/overdueRequests';
import { DAY_MS, daysText, expiryOf } from '../approvals/overdueRules';
import { WriteAuditor } from '../WriteAuditor';
import { intakeAppOf, isIntakeKey } from './intakeApps';
import { personName, requestedThing } from './messages';
import { RequestEffects } from './RequestEffects';
import { expiredJobs, notificationJob, outcomeJobs } from './requestJobs';

/**
 * Closes a request that waited for approval longer than its limit (the
 * app's, else the settings'): status `expired`, with why in its history.
 * The requester and the approvers of the pending level are told through
 * the approval channel and a notification, and the approval messages lose
 * their buttons. A request decided meanwhile is left alone.
 */
export class RequestExpiry {
  constructor(
    private readonly effects: RequestEffects,
    private readonly deps: { auditor?: WriteAuditor } = {},
  ) {}

  /** True when the request was closed. */
  async expire(
    candidate: ExpiryCandidate,
    settings: HomeSettings,
  ): Promise<boolean> {
    const { effects } = this;
    const { store, people } = effects.deps;
    const request = await store.get(candidate.requestId);
    if (request.status !== 'pending_approval') return false;
    const app = isIntakeKey(request.appKey)
      ? undefined
      : await effects.getApp(request.appKey);
    const rule = expiryOf(app, settings);
    if (effects.now() - candidate.createdAtMs < rule.afterDays * DAY_MS) {
      return false;
    }
    const appName = app?.name ?? intakeAppOf(request.appKey).name;
    const thing = requestedThing(appName, request);
    const why = `No decision within ${daysText(rule.afterDays)}`;
    const level = request.level;
    const approvers = [
      ...new Set(
        request.approvals.filter(a => a.level === level).map(a => a.approver),
      ),
    ];
    const requesterName = await personName(people, request.requester);
    const channelJobs = await effects.forChannel([
      ...(level ? outcomeJobs(request, level, 'expired', 'system') : []),
      ...expiredJobs(request),
    ]);
    const write = () =>
      store.transition(
        request.id,
        request.version,
        {
          status: 'expired',
          level: null,
          events: [
            {
              actor: 'system',
              type: 'expired',
              level,
              comment: why,
              status: 'expired',
            },
          ],
          jobs: [
            ...channelJobs,
            notificationJob(
              {
                recipients: [request.requester],
                title: `Your request for ${thing} expired`,
                description: `${why}, so it was closed. Request it again if you still need it.`,
                requestId: request.id,
              },
              'expired',
            ),
            ...(approvers.length
              ? [
                  notificationJob(
                    {
                      recipients: approvers,
                      title: `The request of ${requesterName} for ${thing} expired`,
                      description: `${why}, so it was closed; there is nothing left to decide.`,
                      requestId: request.id,
                    },
                    'expired',
                    'approvers',
                  ),
                ]
              : []),
          ],
        },
        effects.now(),
      );
    try {
      await (this.deps.auditor
        ? this.deps.auditor.bySystem(
            {
              eventId: 'request-expire',
              meta: {
                requestId: request.id,
                reason: why,
                approvers,
              },
            },
            write,
          )
        : write());
    } catch (error) {
      // Decided or cancelled meanwhile: nothing to close.
      if (error instanceof ConflictError) return false;
      throw error;
    }
    await effects.changed(request.id);
    return true;
  }
}
