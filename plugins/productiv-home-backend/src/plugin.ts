import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  ApprovalChannel,
  ApprovalDecisions,
  AuditTrailTicketing,
  ChannelIntake,
  FulfillmentProvider,
  productivHomeAuditTrailExtensionPoint,
  productivHomeApprovalChannelExtensionPoint,
  productivHomeFulfillmentExtensionPoint,
  productivHomeSchedulerServiceRef,
} from '@internal/plugin-productiv-home-node';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import {
  JobStore,
  keepJobsOf,
  retentionDays,
  scheduleJobRetention,
} from '@internal/durable-jobs';
import { OPEN_REQUEST_STATUSES } from '@internal/plugin-productiv-home-common';
import { createRequestAppAction } from './actions/createRequestAppAction';
import { createHomeAgentActions } from './actions/homeAgentActions';
import { createProductivHomeContext } from './service/context';
import { createRouter } from './service/router';
import { GRANT_SWEEP_MINUTES } from './services/grants/GrantExpiry';

/**
 * Productiv Home backend: the app catalog, requests, approvals, fulfillment.
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
      (decisions: ApprovalDecisions, intake: ChannelIntake) => ApprovalChannel
    > = [];
    env.registerExtensionPoint(productivHomeApprovalChannelExtensionPoint, {
      addChannel(factory) {
        channelFactories.push(factory);
      },
    });
    const auditTrails = new Map<string, AuditTrailTicketing>();
    env.registerExtensionPoint(productivHomeAuditTrailExtensionPoint, {
      addAuditTrail(ticketing) {
        auditTrails.set(ticketing.id, ticketing);
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
        cache: coreServices.cache,
        scheduler: productivHomeSchedulerServiceRef,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        inventory: provisioningWorkflowsInventoryServiceRef,
      },
      async init(deps) {
        const { httpRouter, lifecycle, logger, scheduler } = deps;
        // Construction: service/context.ts.
        const ctx = await createProductivHomeContext({
          ...deps,
          fulfillmentProviders,
          channelFactories,
          auditTrails,
        });

        // Every replica drains the jobs (and at once when work is queued).
        await ctx.worker.start(
          { scheduler, lifecycle },
          { id: 'productiv-home:jobs', frequencySeconds: 5, timeoutMinutes: 2 },
        );
        await scheduler.scheduleTask({
          id: 'productiv-home:ticket-checks',
          scope: 'global',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const queued = await ctx.fulfillment.checkOpenTickets(5 * 60_000);
            if (queued) ctx.worker.kick();
          },
        });
        await scheduler.scheduleTask({
          id: 'productiv-home:approval-reminders',
          scope: 'global',
          frequency: { minutes: 15 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const sent = await ctx.reminders.sendReminders();
            if (sent) logger.info('Sent approval reminders', { sent });
          },
        });

        // Closes requests pending too long and escalates overdue approvals;
        // every change is checked against the request's version, so
        // replicas and restarts never do one twice.
        await scheduler.scheduleTask({
          id: 'productiv-home:overdue-requests',
          scope: 'global',
          frequency: { minutes: 15 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 2 },
          fn: async () => {
            const done = await ctx.overdue.run();
            if (done.expired || done.escalated)
              logger.info('Handled overdue requests', done);
          },
        });

        // Time-bound access: warnings and removals at expiry are queued as
        // durable jobs keyed by grant and expiry, so replicas and restarts
        // queue each once; then grants removed in Okta by hand are ended.
        await scheduler.scheduleTask({
          id: 'productiv-home:grant-expiry',
          scope: 'global',
          frequency: { minutes: GRANT_SWEEP_MINUTES },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 45 },
          fn: async () => {
            const due = await ctx.grantExpiry.sweep();
            const gone = await ctx.grantReconciliation.reconcile();
            if (due.expiries || gone.ended)
              logger.info('Handled time-bound access', { ...due, ...gone });
          },
        });

        // Apps saved before Okta links were explicit get theirs from the
        // key match fulfillment used to rely on; retried until the
        // inventory has what it needs.
        await scheduler.scheduleTask({
          id: 'productiv-home:okta-link-migration',
          scope: 'global',
          frequency: { minutes: 10 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await ctx.appLinker.linkUnlinkedApps();
          },
        });

        // Finished jobs older than productivHome.retention.finishedJobs
        // (30 days) are deleted in batches, except those of open requests:
        // an approval request's job holds the Slack message to update when
        // the request is decided, and job keys keep its work once-only.
        const knex = await deps.database.getClient();
        await scheduleJobRetention(scheduler, {
          id: 'productiv-home:job-retention',
          jobs: await JobStore.create({
            knex,
            table: 'home_jobs',
            skipMigrations: true,
          }),
          days: retentionDays(
            deps.config,
            'productivHome.retention.finishedJobs',
          ),
          keep: keepJobsOf({
            requestId: ids =>
              knex('requests')
                .whereIn('id', ids)
                .whereIn('status', OPEN_REQUEST_STATUSES)
                .pluck('id'),
          }),
          logger,
        });

        createRequestAppAction({ ...deps, requests: ctx.requests });
        createHomeAgentActions({ ...deps, ...ctx });
        httpRouter.use(await createRouter({ ...deps, ...ctx }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Productiv Home started', {
          fulfillmentProviders: [...fulfillmentProviders.keys()].join(','),
          ticketing: ctx.connectors.activeTicketing?.id ?? 'none',
          approvalChannels: ctx.connectors.channelIds().join(','),
        });
      },
    });
  },
});
