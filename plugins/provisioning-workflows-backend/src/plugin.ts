import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  LicenseActionExecutor,
  provisioningWorkflowsActionsExtensionPoint,
  provisioningWorkflowsSchedulerServiceRef,
  provisioningWorkflowsWarningChannelExtensionPoint,
  WarningChannel,
  WarningKeeps,
} from '@internal/plugin-provisioning-workflows-node';
import {
  JobStore,
  keepJobsOf,
  retentionDays,
  scheduleJobRetention,
} from '@internal/durable-jobs';
import {
  ACTIVITY_TASK,
  createPluginContext,
  INVENTORY_TASK,
} from './service/context';
import { createWorkflowAgentActions } from './actions/workflowAgentActions';
import { createRouter } from './service/router';
import { TeamUsageService } from './services/inventory/TeamUsageService';

/**
 * Provisioning workflows backend: the app inventory and SSO activity synced
 * from Okta, and the workflows that reclaim or downgrade unused licenses.
 *
 * @public
 */
export const provisioningWorkflowsPlugin = createBackendPlugin({
  pluginId: 'provisioning-workflows',
  register(env) {
    let executor: LicenseActionExecutor | undefined;
    env.registerExtensionPoint(provisioningWorkflowsActionsExtensionPoint, {
      setExecutor(newExecutor) {
        if (executor) {
          throw new Error(
            `The license action executor is already set to '${executor.id}'`,
          );
        }
        executor = newExecutor;
      },
    });
    // Slack and e-mail warnings, created once the plugin can keep licenses.
    const warningChannels: Array<(keeps: WarningKeeps) => WarningChannel> = [];
    env.registerExtensionPoint(
      provisioningWorkflowsWarningChannelExtensionPoint,
      { addChannel: factory => warningChannels.push(factory) },
    );

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: provisioningWorkflowsSchedulerServiceRef,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { httpRouter, logger, scheduler } = deps;
        const context = await createPluginContext({
          ...deps,
          executor,
          warningChannels,
        });
        const { sync, services, worker } = context;
        if (!sync) {
          logger.warn(
            'connectors.okta is not configured: no inventory sync or activity ingest',
          );
        }
        for (const task of context.tasks) await scheduler.scheduleTask(task);
        // Workflow runs are carried out by durable jobs that every replica
        // drains, on a local schedule and at once when work is queued.
        await worker.start(deps, { id: 'provisioning-workflows:jobs' });
        worker.kick();

        // Finished jobs older than provisioningWorkflows.retention
        // .finishedJobs (30 days) are deleted in batches, except those of
        // runs not finished: their keys keep warnings and reminders once
        // per run and per person.
        const knex = await deps.database.getClient();
        const LIVE_RUNS = ['planning', 'waiting', 'executing'];
        await scheduleJobRetention(scheduler, {
          id: 'provisioning-workflows:job-retention',
          jobs: await JobStore.create({
            knex,
            table: 'workflow_jobs',
            skipMigrations: true,
          }),
          days: retentionDays(
            deps.config,
            'provisioningWorkflows.retention.finishedJobs',
          ),
          keep: keepJobsOf({
            runId: ids =>
              knex('workflow_runs')
                .whereIn('id', ids)
                .whereIn('status', LIVE_RUNS)
                .pluck('id'),
            actionId: ids =>
              knex('workflow_actions')
                .join(
                  'workflow_runs',
                  'workflow_runs.id',
                  'workflow_actions.run_id',
                )
                .whereIn('workflow_actions.id', ids)
                .whereIn('workflow_runs.status', LIVE_RUNS)
                .pluck('workflow_actions.id'),
          }),
          logger,
        });

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            runs: context.stores.runs,
            inventory: services.inventory,
            triggers: sync && {
              inventory: () => scheduler.triggerTask(INVENTORY_TASK),
              activity: () => scheduler.triggerTask(ACTIVITY_TASK),
            },
            workflows: services.workflows,
            workflowRuns: services.runs,
            backtests: services.backtests,
            restores: services.restores,
            teams: new TeamUsageService({ ...deps, ...context.stores }),
            dashboard: services.dashboard,
          }),
        );
        // The same operations for agents, through the actions registry.
        createWorkflowAgentActions({
          ...deps,
          services: { workflows: services.workflows, runs: services.runs },
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Provisioning workflows started', {
          licenseActionExecutor: executor?.id ?? 'none',
          warningChannels: context.channels.ids().join(',') || 'portal only',
          // Productiv Home's approval method when it answers, else this.
          defaultWarningChannel: context.channels.fallbackId(),
        });
      },
    });
  },
});
