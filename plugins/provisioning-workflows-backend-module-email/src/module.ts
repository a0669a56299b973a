import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createMailTransport } from '@internal/email-connector';
import {
  provisioningWorkflowsSchedulerServiceRef,
  provisioningWorkflowsWarningChannelExtensionPoint,
  WarningKeeps,
} from '@internal/plugin-provisioning-workflows-node';
import { EmailWarningChannel } from './EmailWarningChannel';
import { KeepLinkStore } from './KeepLinkStore';
import { scheduleKeepLinkRetention } from './retention';
import { createKeepRouter } from './router';

/**
 * License warnings by e-mail, from `connectors.email`: mails with a
 * single-use *Keep my license* link, and their one reminder.
 *
 * @public
 */
export const provisioningWorkflowsModuleEmail = createBackendModule({
  pluginId: 'provisioning-workflows',
  moduleId: 'email',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        scheduler: provisioningWorkflowsSchedulerServiceRef,
        channels: provisioningWorkflowsWarningChannelExtensionPoint,
      },
      async init(deps) {
        const { config, logger, database, httpRouter } = deps;
        const email = config.getOptionalConfig('connectors.email');
        if (!email) {
          logger.info(
            'connectors.email is not configured; license warnings by e-mail are off',
          );
          return;
        }
        const store = await KeepLinkStore.create(await database.getClient(), {
          skipMigrations: database.migrations?.skip,
        });
        let keeps: WarningKeeps | undefined;
        deps.channels.addChannel(k => {
          keeps = k;
          return new EmailWarningChannel({
            transport: createMailTransport(email),
            from: email.getString('from'),
            store,
            // Links point at this plugin's routes, as people reach the backend.
            baseUrl: () =>
              deps.discovery.getExternalBaseUrl('provisioning-workflows'),
          });
        });
        httpRouter.use(
          createKeepRouter({
            store,
            keeps: () => keeps,
            auditor: deps.auditor,
            logger,
          }),
        );
        // The single-use token in the link is the credential.
        httpRouter.addAuthPolicy({
          path: '/email/keep',
          allow: 'unauthenticated',
        });
        // Links that no longer work and records of old mails go after
        // provisioningWorkflows.retention.deliveredMessages.days.
        await scheduleKeepLinkRetention({ ...deps, store });
        logger.info('License warnings by e-mail are on');
      },
    });
  },
});
