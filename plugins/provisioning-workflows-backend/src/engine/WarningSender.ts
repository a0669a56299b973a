import { Job, JobJson } from '@internal/durable-jobs';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ActionRecord } from '../database/types';
import { EngineDeps, InstanceCache } from './EngineContext';

/** Sends the warning of an upcoming change to a person. */
export type WarningSender = (warning: {
  entityRef: string;
  action: ActionRecord;
  instanceLabel: string;
  deadline: string;
  allowOptOut: boolean;
}) => Promise<void>;

/**
 * Warns people through the portal's notifications (and whatever channels
 * the notifications backend forwards to, such as e-mail), with a link to
 * the page where they keep their license.
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
  }) => {
    const change =
      action.action === 'downgrade'
        ? `moved from ${action.fromTier ?? 'your tier'} to ${action.toTier}`
        : 'removed';
    const when = new Date(deadline).toUTCString();
    await notifications.send({
      recipients: { type: 'entity', entityRef },
      payload: {
        title: `Your ${instanceLabel} license will be ${change} on ${when}`,
        description: allowOptOut
          ? `You have not used ${instanceLabel} lately. Sign in to it, or choose "Keep my license", before ${when} to keep it.`
          : `You have not used ${instanceLabel} lately. Sign in to it before ${when} to keep it.`,
        link: `/license-automation/warnings/${action.id}`,
        severity: 'high',
        topic: `license-warning:${action.id}`,
        scope: `license-warning:${action.id}`,
      },
    });
  };
}

/** The warn job: tells a person of the change planned for them, once. */
export class WarningJob {
  constructor(
    private readonly deps: EngineDeps & { warn?: WarningSender },
    private readonly instances: InstanceCache,
  ) {}

  async run(job: Job): Promise<JobJson> {
    const { store, warn } = this.deps;
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await store.getAction(actionId);
    if (!action || action.status !== 'notified') return { sent: false };
    const entityRef = await store.entityRefOf(action.oktaUserId);
    if (!entityRef || !warn) {
      return {
        sent: false,
        reason: entityRef ? 'no notification channel' : 'not in the catalog',
      };
    }
    const run = await store.getRunHeader(action.runId);
    const instance = await this.instances.get(action.instanceId);
    await warn({
      entityRef,
      action,
      instanceLabel: instance?.label ?? action.instanceId,
      deadline: action.deadline!,
      allowOptOut: Boolean(run?.definition.notifications.allowOptOut),
    });
    return { sent: true };
  }
}
