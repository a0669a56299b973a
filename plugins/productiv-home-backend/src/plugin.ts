import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import {
  DEFAULT_PEOPLE_ANNOTATIONS,
  PRODUCTIV_HOME_SIGNALS_CHANNEL,
  productivHomeAppManagePermission,
  productivHomePermissions,
  productivHomeRequestDecidePermission,
  productivHomeRequestReadPermission,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovalChannel,
  ApprovalDecisions,
  FulfillmentProvider,
  productivHomeApprovalChannelExtensionPoint,
  productivHomeAppResourceRef,
  productivHomeAppRules,
  productivHomeFulfillmentExtensionPoint,
  productivHomeRequestResourceRef,
  productivHomeRequestRules,
} from '@internal/plugin-productiv-home-node';
import { createRequestAppAction } from './actions/createRequestAppAction';
import { ProductivHomeDatabase } from './database/ProductivHomeDatabase';
import { JobRunner } from '@internal/durable-jobs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { FulfillmentService } from './services/fulfillment/FulfillmentService';
import { ApprovalMessenger } from './services/approvals/ApprovalMessenger';
import { createRequestsRouter } from './service/requestsRouter';
import { createRouter } from './service/router';
import { createConnectorsRouter } from './service/connectorsRouter';
import { ConnectorsService } from './services/connectors/ConnectorsService';
import { CatalogPeopleDirectory } from './services/people/CatalogPeopleDirectory';
import { ProfileService } from './services/ProfileService';
import { HomeConfigCache } from './services/catalog/HomeConfigCache';
import { PeerUsageService } from './services/catalog/PeerUsageService';
import { BackgroundNotifier } from './services/requests/BackgroundNotifier';
import { NotificationsRequestNotifier } from './services/requests/NotificationsRequestNotifier';
import { RequestUseCases } from './services/requests/RequestUseCases';
import { RequestUseCaseDeps } from './services/requests/RequestEffects';
import { ApprovalReminderWorker } from './services/approvals/ApprovalReminderWorker';

/**
 * Productiv Home backend: the curated app catalog, requests, approvals and
 * their fulfillment.
 *
 * @public
 */
export const productivHomePlugin = createBackendPlugin({
  pluginId: 'productiv-home',
  register(env) {
    const fulfillmentProviders = new Map<string, FulfillmentProvider>();
    env.registerExtensionPoint(productivHomeFulfillmentExtensionPoint, {
      addProvider(...providers) {
        for (const provider of providers.flat()) {
          if (fulfillmentProviders.has(provider.id)) {
            throw new Error(
              `Fulfillment provider '${provider.id}' is already registered`,
            );
          }
          fulfillmentProviders.set(provider.id, provider);
        }
      },
    });

    const channelFactories: Array<
      (decisions: ApprovalDecisions) => ApprovalChannel
    > = [];
    env.registerExtensionPoint(productivHomeApprovalChannelExtensionPoint, {
      addChannel(factory) {
        channelFactories.push(factory);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissionsRegistry: coreServices.permissionsRegistry,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        inventory: provisioningWorkflowsInventoryServiceRef,
      },
      async init({
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissionsRegistry,
        permissions,
        auditor,
        lifecycle,
        actionsRegistry,
        auth,
        scheduler,
        catalog,
        notifications,
        signals,
        inventory,
      }) {
        const {
          apps,
          settings,
          requests: store,
          approvals,
          jobs,
        } = await ProductivHomeDatabase.create({ database });
        permissionsRegistry.addPermissions(productivHomePermissions);
        permissionsRegistry.addResourceType({
          resourceRef: productivHomeRequestResourceRef,
          permissions: [
            productivHomeRequestReadPermission,
            productivHomeRequestDecidePermission,
          ],
          rules: Object.values(productivHomeRequestRules),
          getResources: ids => store.getRequestResources(ids),
        });
        permissionsRegistry.addResourceType({
          resourceRef: productivHomeAppResourceRef,
          permissions: [productivHomeAppManagePermission],
          rules: Object.values(productivHomeAppRules),
          getResources: ids => Promise.all(ids.map(id => apps.getApp(id))),
        });

        const pluginConfig = config.getOptionalConfig('productivHome');
        const profiles = new ProfileService({
          catalog,
          adminGroups:
            pluginConfig?.getOptionalStringArray('adminGroups') ?? [],
          annotations: {
            ...DEFAULT_PEOPLE_ANNOTATIONS,
            ...pluginConfig?.getOptional<Record<string, string>>(
              'people.annotations',
            ),
          },
        });

        // Approval channels report decisions made in Slack or by e-mail; the
        // request service is created below, with the connectors.
        // Parts built further down that earlier ones call later.
        const late: { requests?: RequestUseCases; kickJobs?: () => void } = {};
        const decisions: ApprovalDecisions = {
          decide: async ({
            requestId,
            approverRef,
            decision,
            comment,
            level,
          }) => {
            const decided = await late.requests!.decide(
              requestId,
              { decision, comment },
              { actor: approverRef, level },
            );
            return { status: decided.status, level: decided.level };
          },
        };
        const channels = new Map<string, ApprovalChannel>();
        for (const factory of channelFactories) {
          const channel = factory(decisions);
          if (channels.has(channel.id)) {
            throw new Error(
              `Approval channel '${channel.id}' is already registered`,
            );
          }
          channels.set(channel.id, channel);
        }
        const connectors = new ConnectorsService({
          providers: fulfillmentProviders,
          channels,
          ticketing: pluginConfig?.getOptionalString('ticketing'),
          logger,
        });

        // Requests answer without waiting on the notifications backend.
        const notifier = new BackgroundNotifier({
          notifier: new NotificationsRequestNotifier(notifications),
          logger,
        });
        lifecycle.addShutdownHook(() => notifier.drain());
        // The catalog and settings in memory, checked against the database
        // version at most once a second (other replicas' writes).
        const homeConfig = new HomeConfigCache({ apps, settings });
        const people = new CatalogPeopleDirectory({
          catalog,
          auth,
          annotations: profiles.annotations,
          logger,
        });
        const requestDeps: RequestUseCaseDeps = {
          store,
          apps: homeConfig,
          people,
          notifier,
          onJobsQueued: () => late.kickJobs?.(),
          channelInstalled: async () =>
            Boolean(
              connectors.channel((await homeConfig.settings()).approvalMethod),
            ),
          // Live status for the people involved; the frontend also polls.
          onChange: async request => {
            await signals.publish({
              recipients: {
                type: 'user',
                entityRef: [
                  request.requester,
                  ...new Set(request.approvals.map(a => a.approver)),
                ],
              },
              channel: PRODUCTIV_HOME_SIGNALS_CHANNEL,
              message: {
                type: 'request-updated',
                id: request.id,
                status: request.status,
              },
            });
          },
          settings: () => homeConfig.settings(),
          logger,
        };
        const requests = new RequestUseCases(requestDeps);
        const reminders = new ApprovalReminderWorker({
          ...requestDeps,
          approvals,
        });
        late.requests = requests;

        const fulfillment = new FulfillmentService({
          requests,
          store,
          jobs,
          apps: homeConfig,
          connectors,
          people,
          inventory,
          auth,
          appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
          logger,
        });
        fulfillment.listenForTickets();
        const messenger = new ApprovalMessenger({
          store,
          jobs,
          apps: homeConfig,
          connectors,
          people,
          settings: () => homeConfig.settings(),
          appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
          logger,
          inventory,
          auth,
        });
        const jobConfig = pluginConfig?.getOptionalConfig('jobs');
        const leaseMs =
          (jobConfig?.getOptionalNumber('leaseSeconds') ?? 60) * 1000;
        const runner = new JobRunner({
          store: jobs,
          worker: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          handlers: { ...fulfillment.handlers(), ...messenger.handlers() },
          concurrency: jobConfig?.getOptionalNumber('concurrency') ?? 4,
          leaseMs,
          // A call must end (or be abandoned) before its lease does.
          timeoutMs: Math.min(30_000, leaseMs * 0.8),
          logger,
          onFinished: (job, outcome) => fulfillment.onFinished(job, outcome),
        });
        // Every replica drains the table; claims keep them from sharing a
        // job. A change that queues work also starts a drain here at once.
        let draining: Promise<unknown> | undefined;
        const kickJobs = () => {
          draining ??= runner
            .runOnce({ deadlineMs: Date.now() + 60_000 })
            .catch(error =>
              logger.warn('Running jobs failed', { error: error.message }),
            )
            .finally(() => {
              draining = undefined;
            });
        };
        late.kickJobs = kickJobs;
        lifecycle.addShutdownHook(async () => {
          await draining;
        });
        await scheduler.scheduleTask({
          id: 'productiv-home:jobs',
          scope: 'local',
          frequency: { seconds: 5 },
          timeout: { minutes: 2 },
          fn: async () => {
            kickJobs();
            await draining;
          },
        });
        const ticketPeriod = { minutes: 5 };
        await scheduler.scheduleTask({
          id: 'productiv-home:ticket-checks',
          scope: 'global',
          frequency: ticketPeriod,
          timeout: { minutes: 2 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const queued = await fulfillment.checkOpenTickets(5 * 60_000);
            if (queued) kickJobs();
          },
        });
        createRequestAppAction({
          actionsRegistry,
          auth,
          permissions,
          auditor,
          requests,
        });

        await scheduler.scheduleTask({
          id: 'productiv-home:approval-reminders',
          scope: 'global',
          frequency: { minutes: 15 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const sent = await reminders.sendReminders();
            if (sent) logger.info('Sent approval reminders', { sent });
          },
        });

        httpRouter.use(await createRouter({ httpAuth, profiles }));
        httpRouter.use(
          await createRequestsRouter({
            httpAuth,
            permissions,
            auditor,
            apps,
            store,
            approvals,
            settings,
            requests,
            homeConfig,
            rulesets: {
              request: permissionsRegistry.getPermissionRuleset(
                productivHomeRequestResourceRef,
              ),
              app: permissionsRegistry.getPermissionRuleset(
                productivHomeAppResourceRef,
              ),
            },
            peerUsage: new PeerUsageService({ inventory }),
            inventory,
          }),
        );
        httpRouter.use(
          createConnectorsRouter({
            httpAuth,
            permissions,
            auditor,
            connectors,
            homeConfig,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Productiv Home started', {
          fulfillmentProviders: [...fulfillmentProviders.keys()].join(','),
          ticketing: connectors.activeTicketing?.id ?? 'none',
          approvalChannels: [...channels.keys()].join(','),
        });
      },
    });
  },
});
