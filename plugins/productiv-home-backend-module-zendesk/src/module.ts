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
import { scheduleZendeskRetention } from './retention';
import { createZendeskWebhookRouter } from './webhook';
import { ZendeskAuditTrail } from './ZendeskAuditTrail';
import { ZendeskTicketProvider } from './ZendeskTicketProvider';

/**
 * Zendesk tickets for Productiv Home, from `connectors.zendesk`, followed
 * by a signed webhook when `webhookSigningSecret` is set, and by polling.
 *
 * @public
 */
export const productivHomeModuleZendesk = createBackendModule({
  pluginId: 'productiv-home',
  moduleId: 'zendesk',
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
      async init({ httpRouter, auditor, auditTrail, scheduler, ...deps }) {
        const provider = await addProviderFromConfig(deps, {
          fromConfig: ZendeskTicketProvider.fromConfig,
          notConfigured:
            'connectors.zendesk is not configured; Zendesk tickets are off',
        });
        if (!provider) return;
        auditTrail.addAuditTrail(ZendeskAuditTrail.fromConfig(deps.config)!);
        await scheduleZendeskRetention({
          ...deps,
          scheduler,
          records: provider.records,
        });
        const secret = deps.config.getOptionalString(
          'connectors.zendesk.webhookSigningSecret',
        );
        if (!secret) {
          deps.logger.info(
            'No connectors.zendesk.webhookSigningSecret: Zendesk tickets are followed by polling only',
          );
          return;
        }
        httpRouter.use(
          createZendeskWebhookRouter({
            secret,
            provider,
            auditor,
            logger: deps.logger,
          }),
        );
        // Zendesk cannot sign in: the signature is the credential.
        httpRouter.addAuthPolicy({
          path: '/zendesk/webhook',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
