import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  provisioningWorkflowsWarningChannelExtensionPoint,
  WarningKeeps,
} from '@internal/plugin-provisioning-workflows-node';
import {
  createSlackClient,
  slackInteractionsServiceRef,
} from '@internal/slack-connector';
import { keepClickHandler } from './keepClicks';
import { SlackWarningChannel } from './SlackWarningChannel';
import { CLICK_PREFIX } from './warningMessages';

/**
 * License warnings in Slack, from `connectors.slack`: direct messages with
 * *Keep my license*, their reminder, and finished runs in `adminChannel`.
 * Clicks arrive at the Slack app's one Request URL (Productiv Home's Slack
 * module), which verifies them and hands over this module's.
 *
 * @public
 */
export const provisioningWorkflowsModuleSlack = createBackendModule({
  pluginId: 'provisioning-workflows',
  moduleId: 'slack',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
        channels: provisioningWorkflowsWarningChannelExtensionPoint,
        interactions: slackInteractionsServiceRef,
      },
      async init({ config, logger, auditor, channels, interactions }) {
        const slack = config.getOptionalConfig('connectors.slack');
        if (!slack) {
          logger.info(
            'connectors.slack is not configured; license warnings in Slack are off',
          );
          return;
        }
        const client = createSlackClient(slack, logger);
        const adminChannel = slack.getOptionalString('adminChannel');
        let keeps: WarningKeeps | undefined;
        channels.addChannel(k => {
          keeps = k;
          return new SlackWarningChannel({ client, adminChannel });
        });
        interactions.register(
          CLICK_PREFIX,
          keepClickHandler({ client, keeps: () => keeps, auditor, logger }),
        );
        logger.info('License warnings in Slack are on', {
          runNotices: adminChannel ?? 'off (no connectors.slack.adminChannel)',
        });
      },
    });
  },
});
