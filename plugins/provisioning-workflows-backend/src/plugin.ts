import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import {
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsHistoryReadPermission,
  provisioningWorkflowsPermissions,
} from '@internal/plugin-provisioning-workflows-common';
import {
  LicenseActionExecutor,
  provisioningWorkflowsActionsExtensionPoint,
  provisioningWorkflowsAppResourceRef,
  provisioningWorkflowsAppRules,
} from '@internal/plugin-provisioning-workflows-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { initializePersistence } from './database/persistence';
import { WorkflowStore } from './database/WorkflowStore';
import { OktaGateway } from './okta/OktaGateway';
import { OktaLicenseExecutor } from './okta/OktaLicenseExecutor';
import { notificationWarnings } from './services/notificationWarnings';
import { JOB_TYPES, WorkflowService } from './services/WorkflowService';
import { createRouter, SyncTriggers } from './service/router';
import { ActivityIngest } from './services/ActivityIngest';
import { InventoryService } from './services/InventoryService';
import { InventorySync, OktaMatchField } from './services/InventorySync';

const INVENTORY_TASK = 'provisioning-workflows:inventory-sync';
const ACTIVITY_TASK = 'provisioning-workflows:activity-ingest';

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

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        auditor,
        auth,
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        lifecycle,
        catalog,
        notifications,
      }) {
        permissionsRegistry.addPermissions(provisioningWorkflowsPermissions);
        const { runs, inventory, activity } = await initializePersistence(
          database,
        );
        const inventoryService = new InventoryService({
          inventory,
          permissions,
        });

        const pluginConfig = config.getOptionalConfig('provisioningWorkflows');
        const schedule = (
          key: string,
          fallback: SchedulerServiceTaskScheduleDefinition,
        ) => {
          const c = pluginConfig?.getOptionalConfig(`schedules.${key}`);
          return c
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(c)
            : fallback;
        };
        const okta = OktaGateway.fromConfig(config);
        let triggers: SyncTriggers | undefined;
        if (okta) {
          const sync = new InventorySync({
            okta,
            inventory,
            runs,
            catalog,
            auth,
            logger,
            matchField: (pluginConfig?.getOptionalString(
              'people.oktaMatchField',
            ) ?? 'email') as OktaMatchField,
          });
          const ingest = new ActivityIngest({
            okta,
            activity,
            runs,
            logger,
            settings: {
              backfillDays:
                pluginConfig?.getOptionalNumber('activity.backfillDays') ?? 90,
            },
          });
          await scheduler.scheduleTask({
            id: INVENTORY_TASK,
            scope: 'global',
            ...schedule('inventorySync', {
              frequency: { minutes: 30 },
              timeout: { minutes: 30 },
              initialDelay: { seconds: 10 },
            }),
            fn: async () => {
              await sync.run();
            },
          });
          await scheduler.scheduleTask({
            id: ACTIVITY_TASK,
            scope: 'global',
            ...schedule('activityIngest', {
              frequency: { minutes: 5 },
              timeout: { minutes: 60 },
              initialDelay: { seconds: 30 },
            }),
            fn: async () => {
              await ingest.run();
            },
          });
          triggers = {
            inventory: () => scheduler.triggerTask(INVENTORY_TASK),
            activity: () => scheduler.triggerTask(ACTIVITY_TASK),
          };
        } else {
          logger.warn(
            'connectors.okta is not configured: no inventory sync or activity ingest',
          );
        }

        // Workflows: their runs are carried out by durable jobs that every
        // replica drains; a global tick starts scheduled runs.
        const knex = await database.getClient();
        const jobs = await JobStore.create({
          knex,
          table: 'workflow_jobs',
          skipMigrations: database.migrations?.skip,
        });
        const appAdmins = new Map<string, string[]>(
          Object.entries(
            (pluginConfig?.getOptional('appAdmins') as
              | Record<string, string[]>
              | undefined) ?? {},
          ),
        );
        permissionsRegistry.addResourceType({
          resourceRef: provisioningWorkflowsAppResourceRef,
          permissions: [
            provisioningWorkflowsAppManagePermission,
            provisioningWorkflowsHistoryReadPermission,
          ],
          rules: Object.values(provisioningWorkflowsAppRules),
          getResources: async keys =>
            keys.map(appKey => ({
              appKey,
              admins: appAdmins.get(appKey) ?? [],
            })),
        });
        const kick = { work: () => {} };
        const workflows = new WorkflowService({
          // Background work (runs, actions) reaches the auditor too, once committed.
          store: new WorkflowStore(knex, events => {
            for (const e of events) {
              auditor
                .createEvent({
                  eventId: `workflow-${e.type.replace('.', '-')}`,
                  severityLevel: e.type.startsWith('action.')
                    ? 'medium'
                    : 'low',
                  meta: JSON.parse(
                    JSON.stringify({
                      actor: e.actor,
                      appKey: e.appKey,
                      instanceId: e.instanceId,
                      runId: e.runId,
                      actionId: e.actionId,
                      ...e.detail,
                    }),
                  ),
                })
                .then(event =>
                  e.type === 'action.failed'
                    ? event.fail({ error: new Error(String(e.detail?.error)) })
                    : event.success(),
                )
                .catch(error =>
                  logger.warn('Could not audit a workflow event', {
                    error: String(error),
                  }),
                );
            }
          }),
          inventory,
          jobs,
          permissions,
          ruleset: permissionsRegistry.getPermissionRuleset(
            provisioningWorkflowsAppResourceRef,
          ),
          appAdmins,
          executor:
            executor ??
            (okta
              ? new OktaLicenseExecutor(okta)
              : {
                  id: 'none',
                  execute: async () => ({
                    status: 'failed' as const,
                    reason:
                      'No license executor: configure connectors.okta or install a module that sets one',
                  }),
                }),
          warn: notificationWarnings(notifications),
          logger,
          onWork: () => kick.work(),
        });
        const jobConfig = pluginConfig?.getOptionalConfig('jobs');
        const leaseMs =
          (jobConfig?.getOptionalNumber('leaseSeconds') ?? 60) * 1000;
        const worker = `${hostname()}:${process.pid}:${randomUUID().slice(
          0,
          8,
        )}`;
        const onFinished = async (
          job: Parameters<WorkflowService['planFailed']>[0],
          outcome: { status: string; error?: string },
        ) => {
          if (outcome.status !== 'failed') return;
          if (job.type === JOB_TYPES.plan)
            await workflows.planFailed(job, outcome.error ?? 'failed');
          if (job.type === JOB_TYPES.act)
            await workflows.actFailed(job, outcome.error ?? 'failed');
        };
        const handlers = workflows.handlers();
        const runners = [
          // Planning a run reads and writes every matched person at once.
          new JobRunner({
            store: jobs,
            worker,
            handlers: { [JOB_TYPES.plan]: handlers[JOB_TYPES.plan] },
            concurrency: 1,
            leaseMs: Math.max(leaseMs, 600_000),
            timeoutMs: 300_000,
            logger,
            onFinished,
          }),
          new JobRunner({
            store: jobs,
            worker,
            handlers: {
              [JOB_TYPES.act]: handlers[JOB_TYPES.act],
              [JOB_TYPES.warn]: handlers[JOB_TYPES.warn],
            },
            concurrency: jobConfig?.getOptionalNumber('concurrency') ?? 4,
            leaseMs,
            timeoutMs: Math.min(30_000, leaseMs * 0.8),
            logger,
            onFinished,
          }),
        ];
        let draining: Promise<unknown> | undefined;
        let again = false;
        kick.work = () => {
          if (draining) {
            again = true;
            return;
          }
          draining = Promise.all(
            runners.map(r => r.runOnce({ deadlineMs: Date.now() + 60_000 })),
          )
            .catch(error =>
              logger.warn('Running workflow jobs failed', {
                error: error.message,
              }),
            )
            .finally(() => {
              draining = undefined;
              if (again) {
                again = false;
                kick.work();
              }
            });
        };
        lifecycle.addShutdownHook(async () => {
          await draining;
        });
        await scheduler.scheduleTask({
          id: 'provisioning-workflows:jobs',
          scope: 'local',
          frequency: { seconds: 5 },
          timeout: { minutes: 5 },
          fn: async () => {
            kick.work();
            await draining;
          },
        });
        await scheduler.scheduleTask({
          id: 'provisioning-workflows:workflow-tick',
          scope: 'global',
          ...schedule('workflowTick', {
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
          }),
          fn: async () => {
            await workflows.tick();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            runs,
            inventory: inventoryService,
            triggers,
            workflows,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Provisioning workflows started', {
          licenseActionExecutor: executor?.id ?? 'none',
        });
      },
    });
  },
});
