import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  ApprovalDecisions,
  ChannelIntake,
  productivHomeApprovalChannelExtensionPoint,
  productivHomeSchedulerServiceRef,
} from '@internal/plugin-productiv-home-node';
import { slackInteractionsServiceRef } from '@internal/slack-connector';
import { createCommandsRouter } from './commands';
import { SlackFrontDoor } from './frontDoor';
import { createInteractivityRouter } from './interactivity';
import { scheduleSlackRetention } from './retention';
import { SlackApprovalChannel } from './SlackApprovalChannel';
import { createSlackClient } from './slackClient';
import { SlackStore } from './SlackStore';

/** Clicks are kept a day: well past the 5-minute replay window. */
const KEEP_CLICKS_MS = 24 * 3600 * 1000;

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
        scheduler: productivHomeSchedulerServiceRef,
        catalog: catalogServiceRef,
        channels: productivHomeApprovalChannelExtensionPoint,
        // Clicks on other plugins' buttons reach the same Request URL.
        interactions: slackInteractionsServiceRef,
      },
      async init(deps) {
        const slack = deps.config.getOptionalConfig('connectors.slack');
        if (!slack) {
          deps.logger.info(
            'connectors.slack is not configured; Slack approvals are off',
          );
          return;
        }
        const apiUrl = slack.getOptionalString('apiUrl');
        const client = createSlackClient(slack, deps.logger);
        const knex = await deps.database.getClient();
        const store = await SlackStore.create(knex, {
          skipMigrations: deps.database.migrations?.skip,
        });
        let decisions: ApprovalDecisions | undefined;
        let intake: ChannelIntake | undefined;
        deps.channels.addChannel((d, i) => {
          decisions = d;
          intake = i;
          return new SlackApprovalChannel({
            client,
            store,
            adminChannel: slack.getOptionalString('adminChannel'),
            // A post whose answer was lost may land until about one more
            // client timeout later (createSlackClient's, default 10 s).
            landingMs:
              2 * (slack.getOptionalNumber('timeoutSeconds') ?? 10) * 1000,
          });
        });
        // The slash command: request apps, list one's approvals.
        const frontDoor = new SlackFrontDoor({
          client,
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          auditor: deps.auditor,
          logger: deps.logger,
          intake: () => intake,
          decisions: () => decisions,
          command: slack.getOptionalString('command') ?? '/productiv',
          appBaseUrl: deps.config.getOptionalString('app.baseUrl') ?? '',
        });
        deps.httpRouter.use(
          createCommandsRouter({
            signingSecret: slack.getString('signingSecret'),
            store,
            frontDoor,
            auditor: deps.auditor,
            logger: deps.logger,
          }),
        );
        deps.httpRouter.use(
          createInteractivityRouter({
            frontDoor,
            signingSecret: slack.getString('signingSecret'),
            client,
            store,
            catalog: deps.catalog,
            auth: deps.auth,
            auditor: deps.auditor,
            logger: deps.logger,
            decisions: () => decisions,
            interactions: deps.interactions,
            // Clicks' response_urls: Slack's, or the one behind apiUrl.
            responseOrigins: [
              'https://hooks.slack.com',
              ...(apiUrl ? [new URL(apiUrl).origin] : []),
            ],
          }),
        );
        // Slack cannot sign in: its signature is the credential.
        deps.httpRouter.addAuthPolicy({
          path: '/slack/interactivity',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/slack/commands',
          allow: 'unauthenticated',
        });
        await deps.scheduler.scheduleTask({
          id: 'productiv-home-slack-clicks-cleanup',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 10 },
          scope: 'global',
          fn: async () => {
            const pruned = await store.pruneClicks(Date.now() - KEEP_CLICKS_MS);
            if (pruned) deps.logger.info(`Forgot ${pruned} old Slack clicks`);
          },
        });
        await scheduleSlackRetention({ ...deps, store, knex });
      },
    });
  },
});
