import { NotificationService } from '@backstage/plugin-notifications-node';
import { WarningSender } from './WorkflowService';

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
