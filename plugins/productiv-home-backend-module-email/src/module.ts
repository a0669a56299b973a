import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ApprovalDecisions,
  productivHomeApprovalChannelExtensionPoint,
  productivHomeAuditTrailExtensionPoint,
  productivHomeFulfillmentExtensionPoint,
  productivHomeSchedulerServiceRef,
} from '@internal/plugin-productiv-home-node';
import { EmailAuditTrail } from './EmailAuditTrail';
import { EmailApprovalChannel, EmailTicketProvider } from './EmailChannels';
import { EmailSender } from './EmailSender';
import { EmailStore } from './EmailStore';
import { scheduleEmailRetention } from './retention';
import { createEmailRouter } from './router';

/**
 * Productiv Home by e-mail, from `connectors.email`: approvals with
 * single-use links, and (with `itAddress`) tickets to IT.
 *
 * @public
 */
export const productivHomeModuleEmail = createBackendModule({
  pluginId: 'productiv-home',
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
        scheduler: productivHomeSchedulerServiceRef,
        channels: productivHomeApprovalChannelExtensionPoint,
        fulfillment: productivHomeFulfillmentExtensionPoint,
        auditTrail: productivHomeAuditTrailExtensionPoint,
      },
      async init(deps) {
        const { config, logger, database, discovery, httpRouter } = deps;
        const email = config.getOptionalConfig('connectors.email');
        if (!email) {
          logger.info(
            'connectors.email is not configured; e-mail approvals and tickets are off',
          );
          return;
        }
        const linkHours = email.getOptionalNumber('approvalLinkHours') ?? 72;
        if (!(linkHours > 0)) {
          throw new InputError(
            `connectors.email.approvalLinkHours must be a positive number of hours, got ${linkHours}`,
          );
        }
        const store = await EmailStore.create(await database.getClient(), {
          skipMigrations: database.migrations?.skip,
        });
        const sender = EmailSender.fromConfig(config, store);
        // Links point at this plugin's routes on the backend, as users reach it.
        const baseUrl = () => discovery.getExternalBaseUrl('productiv-home');

        let decisions: ApprovalDecisions | undefined;
        deps.channels.addChannel(d => {
          decisions = d;
          return new EmailApprovalChannel({
            sender,
            store,
            baseUrl,
            linkHours,
          });
        });
        const itAddress = email.getOptionalString('itAddress');
        const tickets = itAddress
          ? new EmailTicketProvider({ sender, store, itAddress, baseUrl })
          : undefined;
        if (tickets) deps.fulfillment.addProvider(tickets);
        if (itAddress) {
          deps.auditTrail.addAuditTrail(
            new EmailAuditTrail({ sender, itAddress }),
          );
        }

        httpRouter.use(
          createEmailRouter({
            store,
            decisions: () => decisions,
            tickets,
            auditor: deps.auditor,
            logger,
          }),
        );
        // The single-use token in the link is the credential.
        httpRouter.addAuthPolicy({ path: '/email', allow: 'unauthenticated' });

        // Links that no longer work and records of old mails go after
        // productivHome.retention.deliveredMessages.days.
        await scheduleEmailRetention({ ...deps, store });
        logger.info('E-mail approvals are on', {
          tickets: itAddress ? `to ${itAddress}` : 'off (no itAddress)',
          linkHours,
        });
      },
    });
  },
});
