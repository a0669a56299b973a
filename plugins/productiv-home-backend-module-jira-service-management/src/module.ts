import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  addProviderFromConfig,
  productivHomeAuditTrailExtensionPoint,
  productivHomeFulfillmentExtensionPoint,
  productivHomeSchedulerServiceRef,
} from '@internal/plugin-productiv-home-node';
import { JsmAuditTrail } from './JsmAuditTrail';
import { JsmTicketProvider } from './JsmTicketProvider';
import { scheduleJsmRetention } from './retention';
import { createWebhookRouter } from './webhook';

/**
 * Jira Service Management requests for Productiv Home, from
 * `connectors.jiraServiceManagement`.
 *
 * @public
 */
export const productivHomeModuleJiraServiceManagement = createBackendModule({
  pluginId: 'productiv-home',
  moduleId: 'jira-service-management',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        scheduler: productivHomeSchedulerServiceRef,
        fulfillment: productivHomeFulfillmentExtensionPoint,
        auditTrail: productivHomeAuditTrailExtensionPoint,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        auditor,
        scheduler,
        fulfillment,
        auditTrail,
      }) {
        const provider = await addProviderFromConfig(
          { config, logger, database, fulfillment },
          {
            fromConfig: JsmTicketProvider.fromConfig,
            notConfigured:
              'connectors.jiraServiceManagement is not configured; JSM tickets are off',
          },
        );
        if (!provider) return;
        auditTrail.addAuditTrail(JsmAuditTrail.fromConfig(config)!);
        await scheduleJsmRetention({
          scheduler,
          config,
          logger,
          records: provider.records,
        });
        const secret = config.getOptionalString(
          'connectors.jiraServiceManagement.webhookSecret',
        );
        if (!secret) {
          logger.info(
            'No connectors.jiraServiceManagement.webhookSecret: JSM requests are followed by polling only',
          );
          return;
        }
        httpRouter.use(createWebhookRouter({ secret, provider, auditor }));
        // Jira cannot sign in: the signature is the credential.
        httpRouter.addAuthPolicy({
          path: '/jira-service-management/webhook',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
