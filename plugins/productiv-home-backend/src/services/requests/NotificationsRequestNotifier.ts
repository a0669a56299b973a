import { NotificationService } from '@backstage/plugin-notifications-node';
import { RequestNotifier } from './types';

/** Sends request updates through Backstage notifications (and so e-mail or Slack when configured). */
export class NotificationsRequestNotifier implements RequestNotifier {
  constructor(private readonly notifications: NotificationService) {}

  async notify(message: Parameters<RequestNotifier['notify']>[0]) {
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: message.recipients },
      payload: {
        title: message.title,
        description: message.description,
        // The request's page: the same deep link e-mails and Slack send.
        link: `/productiv-home?tab=requests&request=${message.requestId}`,
        topic: 'productiv-home-request',
        scope: `request:${message.requestId}`,
        severity: 'normal',
      },
    });
  }
}
