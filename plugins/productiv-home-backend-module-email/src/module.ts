import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  ApprovalDecisions,
  productivHomeApprovalChannelExtensionPoint,
  productivHomeFulfillmentExtensionPoint,
} from '@internal/plugin-productiv-home-node';
import { EmailApprovalChannel, EmailTicketProvider } from './EmailChannels';
import { EmailSender } from './EmailSender';
import { EmailStore } from './EmailStore';
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
        channels: productivHomeApprovalChannelExtensionPoint,
        fulfillment: productivHomeFulfillmentExtensionPoint,
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
        const store = await EmailStore.create(await database.getClient(), {
          skipMigrations: database.migrations?.skip,
        });
        const sender = EmailSender.fromConfig(config, store)!;
        const baseUrl = () => discovery.getExternalBaseUrl('productiv-home');
        const linkHours = email.getOptionalNumber('approvalLinkHours') ?? 72;

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
          ? new EmailTicketProvider({
              sender,
              store,
              itAddress,
              baseUrl,
              linkHours,
            })
          : undefined;
        if (tickets) deps.fulfillment.addProvider(tickets);

        httpRouter.use(
          createEmailRouter({
            store,
            decisions: () => decisions,
            tickets,
            auditor: deps.auditor,
          }),
        );
        // The single-use token in the link is the credential.
        httpRouter.addAuthPolicy({ path: '/email', allow: 'unauthenticated' });
      },
    });
  },
});
