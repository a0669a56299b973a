import { ApprovalsStore } from '../../database/ApprovalsStore';
import { personName } from '../requests/messages';
import { RequestEffects, RequestUseCaseDeps } from '../requests/RequestEffects';
import { notificationJob, reminderJob } from '../requests/requestJobs';
import { readableTime } from './readableTime';
import { requestedByName, TierDirectory, tierNamesOf } from './tierNames';

const HOUR_MS = 3600 * 1000;

/**
 * Background work: reminds approvers whose decision is overdue, on the
 * settings' schedule (run by a global scheduled task).
 */
export class ApprovalReminderWorker {
  private readonly effects: RequestEffects;

  constructor(
    private readonly deps: RequestUseCaseDeps & {
      approvals: ApprovalsStore;
      /** The tiers' display names (AccessService); keys title-cased without it. */
      tiers?: TierDirectory;
    },
  ) {
    this.effects = new RequestEffects(deps);
  }

  /** Sends the reminders that are due; returns how many. */
  async sendReminders(): Promise<number> {
    const { store, approvals } = this.deps;
    const { effects } = this;
    const settings = await this.deps.settings();
    const now = effects.now();
    let sent = 0;
    for (const p of await approvals.pendingApprovals()) {
      const dueAfter = settings.reminderHours[p.remindersSent];
      if (dueAfter === undefined || now - p.requestedAtMs < dueAfter * HOUR_MS)
        continue;
      const request = await store.get(p.requestId);
      const nth = p.remindersSent + 1;
      const appName =
        (await this.deps.apps.getApp(request.appKey))?.name ?? request.appKey;
      const names = await tierNamesOf(this.deps.tiers, request);
      await approvals.markReminded(
        p.requestId,
        p.level,
        p.approver,
        request.status,
        now,
        [
          ...(await effects.forChannel([reminderJob(p, nth)])),
          notificationJob(
            {
              recipients: [p.approver],
              title: `Reminder: ${await personName(
                this.deps.people,
                request.requester,
              )} is waiting for your decision on ${requestedByName(
                appName,
                names,
              )}`,
              description: `Requested on ${readableTime(request.createdAt)}`,
              requestId: request.id,
            },
            'reminder',
            p.level,
            p.approver,
            nth,
          ),
        ],
      );
      sent++;
    }
    if (sent) effects.jobsQueued();
    return sent;
  }
}
