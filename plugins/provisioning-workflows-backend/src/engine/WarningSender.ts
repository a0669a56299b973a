import { Job, JobContext, JobJson } from '@internal/durable-jobs';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ActionRecord } from '../database/types';
import { EngineDeps, InstanceCache } from './EngineContext';
import { WarningChannels } from './WarningChannels';
import { warningNotice, warningPath } from './warningNotice';

/** Sends the warning of an upcoming change (or its reminder) to a person in the portal. */
export type WarningSender = (warning: {
  entityRef: string;
  action: ActionRecord;
  instanceLabel: string;
  deadline: string;
  allowOptOut: boolean;
  /** The one reminder before the deadline, rather than the warning. */
  reminder?: boolean;
}) => Promise<void>;

/**
 * Warns people through the portal's notifications, with a link to the page
 * where they keep their license. A reminder updates the same notification
 * (same scope), so the portal shows one warning, unread again.
 */
export function notificationWarnings(
  notifications: NotificationService,
): WarningSender {
  return async ({
    entityRef,
    action,
    instanceLabel,
    deadline,
    allowOptOut,
    reminder,
  }) => {
    const change =
      action.action === 'downgrade'
        ? `moved from ${action.fromTier ?? 'your tier'} to ${action.toTier}`
        : 'removed';
    const when = new Date(deadline).toUTCString();
    await notifications.send({
      recipients: { type: 'entity', entityRef },
      payload: {
        title: `${
          reminder ? 'Reminder: your' : 'Your'
        } ${instanceLabel} license will be ${change} on ${when}`,
        description: allowOptOut
          ? `You have not used ${instanceLabel} lately. Sign in to it, or choose "Keep my license", before ${when} to keep it.`
          : `You have not used ${instanceLabel} lately. Sign in to it before ${when} to keep it.`,
        link: warningPath(action.id),
        severity: 'high',
        topic: `license-warning:${action.id}`,
        scope: `license-warning:${action.id}`,
      },
    });
  };
}

/**
 * The warn and remind jobs: tell a person of the change planned for them,
 * in the portal and through the workflow's channel (Slack, e-mail), once
 * each. A reminder goes only to someone who has not answered: the action
 * still waits, its deadline has not passed, and they have not signed in
 * again since the run was planned.
 */
export class WarningJob {
  constructor(
    private readonly deps: EngineDeps & {
      warn?: WarningSender;
      channels?: WarningChannels;
      appBaseUrl?: string;
    },
    private readonly instances: InstanceCache,
  ) {}

  run(job: Job, ctx?: Pick<JobContext, 'idempotencyKey' | 'attempt'>) {
    return this.deliver(job, 'warn', ctx);
  }

  remind(job: Job, ctx?: Pick<JobContext, 'idempotencyKey' | 'attempt'>) {
    return this.deliver(job, 'remind', ctx);
  }

  private async deliver(
    job: Job,
    kind: 'warn' | 'remind',
    ctx: Pick<JobContext, 'idempotencyKey' | 'attempt'> = {
      idempotencyKey: job.key,
      attempt: job.attempts,
    },
  ): Promise<JobJson> {
    const { store, warn, channels } = this.deps;
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await store.getAction(actionId);
    if (!action || action.status !== 'notified') {
      return { sent: false, reason: action ? action.status : 'no action' };
    }
    if (kind === 'remind') {
      const unanswered = await this.unanswered(action);
      if (unanswered !== true) return { sent: false, reason: unanswered };
    }
    const entityRef = await store.entityRefOf(action.oktaUserId);
    if (!entityRef) return { sent: false, reason: 'not in the catalog' };
    const run = await store.getRunHeader(action.runId);
    const instance = await this.instances.get(action.instanceId);
    const allowOptOut = Boolean(run?.definition.notifications.allowOptOut);
    const sent: string[] = [];
    if (warn) {
      await warn({
        entityRef,
        action,
        instanceLabel: instance?.label ?? action.instanceId,
        deadline: action.deadline!,
        allowOptOut,
        reminder: kind === 'remind',
      });
      sent.push('portal');
    }
    const { channel, reason } = (await channels?.forChoice(
      run?.definition.notifications.channel,
    )) ?? { reason: 'no warning channels' };
    if (!channel) return reason ? { sent, reason } : { sent };
    const notice = warningNotice({
      action,
      personRef: entityRef,
      instance,
      allowKeep: allowOptOut,
      appBaseUrl: this.deps.appBaseUrl,
    });
    const channelCtx = { logger: this.deps.logger, ...ctx };
    if (kind === 'warn') await channel.warn(notice, channelCtx);
    else await channel.remind(notice, channelCtx);
    sent.push(channel.id);
    return { sent };
  }

  /** True while a reminder is due to them; otherwise why not. */
  private async unanswered(action: ActionRecord): Promise<true | string> {
    const now = (this.deps.now ?? Date.now)();
    if (!action.deadline || Date.parse(action.deadline) <= now) {
      return 'past the deadline';
    }
    const last = await this.deps.store.lastSignIn(
      action.oktaUserId,
      action.instanceId,
    );
    if (last !== undefined && last > (action.lastSignInMs ?? -1)) {
      return 'signed in again';
    }
    return true;
  }
}
