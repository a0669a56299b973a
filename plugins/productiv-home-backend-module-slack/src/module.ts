import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  ApprovalDecisions,
  productivHomeApprovalChannelExtensionPoint,
} from '@internal/plugin-productiv-home-node';
import { WebClient } from '@slack/web-api';
import { createInteractivityRouter } from './interactivity';
import { SlackApprovalChannel } from './SlackApprovalChannel';
import { SlackStore } from './SlackStore';

/**
 * Productiv Home approvals in Slack, from `connectors.slack`.
 *
 * @public
 */
export const productivHomeModuleSlack = createBackendModule({
  pluginId: 'productiv-home',
  moduleId: 'slack',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        channels: productivHomeApprovalChannelExtensionPoint,
      },
      async init(deps) {
        const slack = deps.config.getOptionalConfig('connectors.slack');
        if (!slack) {
          deps.logger.info(
            'connectors.slack is not configured; Slack approvals are off',
          );
          return;
        }
        const client = new WebClient(slack.getString('botToken'), {
          slackApiUrl: slack.getOptionalString('apiUrl'),
          // Retries belong to the durable job; a 429 surfaces at once.
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
        });
        const store = await SlackStore.create(await deps.database.getClient(), {
          skipMigrations: deps.database.migrations?.skip,
        });
        let decisions: ApprovalDecisions | undefined;
        deps.channels.addChannel(d => {
          decisions = d;
          return new SlackApprovalChannel({ client, store });
        });
        deps.httpRouter.use(
          createInteractivityRouter({
            signingSecret: slack.getString('signingSecret'),
            client,
            store,
            catalog: deps.catalog,
            auth: deps.auth,
            auditor: deps.auditor,
            logger: deps.logger,
            decisions: () => decisions,
          }),
        );
        // Slack cannot sign in: its signature is the credential.
        deps.httpRouter.addAuthPolicy({
          path: '/slack/interactivity',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
