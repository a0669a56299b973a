import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsHistoryReadPermission,
  provisioningWorkflowsPermissions,
} from '@internal/plugin-provisioning-workflows-common';
import {
  LicenseActionExecutor,
  provisioningWorkflowsAppResourceRef,
  provisioningWorkflowsAppRules,
} from '@internal/plugin-provisioning-workflows-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { initializePersistence } from '../database/persistence';
import { notificationWarnings } from '../engine/WarningSender';
import { WorkflowEngine } from '../engine/WorkflowEngine';
import { OktaGateway } from '../okta/OktaGateway';
import { OktaLicenseExecutor } from '../okta/OktaLicenseExecutor';
import { AppAuthorization } from '../services/AppAuthorization';
import { ActivityIngest } from '../services/inventory/ActivityIngest';
import { AuthorizedInventoryService } from '../services/inventory/AuthorizedInventoryService';
import { DefaultInventoryService } from '../services/inventory/DefaultInventoryService';
import {
  InventorySync,
  OktaMatchField,
} from '../services/inventory/InventorySync';
import { AuthorizedRunsService } from '../services/runs/AuthorizedRunsService';
import { DefaultRunsService } from '../services/runs/DefaultRunsService';
import { AuthorizedWorkflowsService } from '../services/workflows/AuthorizedWorkflowsService';
import { DefaultWorkflowsService } from '../services/workflows/DefaultWorkflowsService';
import { auditCommittedEvents } from './auditing';

/** Reads a task schedule from `provisioningWorkflows.schedules.<key>`, or the default. */
export function taskSchedule(
  config: RootConfigService,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const c = config.getOptionalConfig(`provisioningWorkflows.schedules.${key}`);
  return c ? readSchedulerServiceTaskScheduleDefinitionFromConfig(c) : fallback;
}

/** The executor when none is set: Okta's when configured, else one that fails every action. */
function defaultExecutor(okta: OktaGateway | undefined): LicenseActionExecutor {
  if (okta) return new OktaLicenseExecutor(okta);
  return {
    id: 'none',
    execute: async () => ({
      status: 'failed' as const,
      reason:
        'No license executor: configure connectors.okta or install a module that sets one',
    }),
  };
}

/**
 * Builds the plugin: its stores on one database, the use-case services
 * behind their permission checks, the workflow engine and its job
 * runners, and (with Okta) the inventory sync and activity ingest.
 */
export async function createPluginContext(options: {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  auditor: AuditorService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  catalog: CatalogService;
  notifications: NotificationService;
  /** Set through provisioningWorkflowsActionsExtensionPoint. */
  executor?: LicenseActionExecutor;
}) {
  const { config, logger, permissions, permissionsRegistry } = options;
  const pluginConfig = config.getOptionalConfig('provisioningWorkflows');
  permissionsRegistry.addPermissions(provisioningWorkflowsPermissions);
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
      keys.map(appKey => ({ appKey, admins: appAdmins.get(appKey) ?? [] })),
  });

  // Run and action events reach the auditor once committed (see auditing.ts).
  const stores = await initializePersistence(options.database, {
    onWorkflowEvents: auditCommittedEvents(options.auditor, logger),
  });
  const { inventory, workflows: store, jobs } = stores;

  const okta = OktaGateway.fromConfig(config);
  const kick = { work: () => {} };
  const engine = new WorkflowEngine({
    store,
    inventory,
    logger,
    executor: options.executor ?? defaultExecutor(okta),
    warn: notificationWarnings(options.notifications),
    onWork: () => kick.work(),
  });
  const apps = new AppAuthorization({
    inventory,
    permissions,
    ruleset: permissionsRegistry.getPermissionRuleset(
      provisioningWorkflowsAppResourceRef,
    ),
    appAdmins,
  });
  const services = {
    inventory: new AuthorizedInventoryService(
      new DefaultInventoryService({ inventory }),
      permissions,
    ),
    workflows: new AuthorizedWorkflowsService(
      new DefaultWorkflowsService({ store, inventory }),
      { apps, permissions, inventory, store },
    ),
    runs: new AuthorizedRunsService(
      new DefaultRunsService({
        store,
        inventory,
        planner: engine.planner,
        onWork: () => kick.work(),
      }),
      { apps, store },
    ),
  };

  const jobConfig = pluginConfig?.getOptionalConfig('jobs');
  const runners = engine.runners({
    jobs,
    worker: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: (jobConfig?.getOptionalNumber('leaseSeconds') ?? 60) * 1000,
    concurrency: jobConfig?.getOptionalNumber('concurrency') ?? 4,
    logger,
  });
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
  const drain = {
    kick: () => kick.work(),
    idle: async () => {
      await draining;
    },
  };

  const sync = okta && {
    inventory: new InventorySync({
      okta,
      inventory,
      runs: stores.runs,
      catalog: options.catalog,
      auth: options.auth,
      logger,
      matchField: (pluginConfig?.getOptionalString('people.oktaMatchField') ??
        'email') as OktaMatchField,
    }),
    activity: new ActivityIngest({
      okta,
      activity: stores.activity,
      runs: stores.runs,
      logger,
      settings: {
        backfillDays:
          pluginConfig?.getOptionalNumber('activity.backfillDays') ?? 90,
      },
    }),
  };

  return { stores, engine, services, drain, sync };
}
