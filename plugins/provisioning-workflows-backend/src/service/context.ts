import {
  AuditorService,
  AuthService,
  DatabaseService,
  DiscoveryService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Config } from '@backstage/config';
import { Backoff, JobWorker, jobWorkerName } from '@internal/durable-jobs';
import {
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsHistoryReadPermission,
  provisioningWorkflowsPermissions,
} from '@internal/plugin-provisioning-workflows-common';
import {
  LicenseActionExecutor,
  provisioningWorkflowsAppResourceRef,
  provisioningWorkflowsAppRules,
  WarningChannel,
  WarningKeeps,
} from '@internal/plugin-provisioning-workflows-node';
import { initializePersistence } from '../database/persistence';
import { HomeApprovalMethod } from '../engine/HomeApprovalMethod';
import { HomeItChanges } from '../engine/HomeItChanges';
import { RunSignals, signalingRunStore } from '../engine/RunSignals';
import { WarningChannels } from '../engine/WarningChannels';
import { WarningKeeper } from '../engine/WarningKeeper';
import { notificationWarnings } from '../engine/WarningSender';
import { WorkflowEngine } from '../engine/WorkflowEngine';
import { AppAuthorization } from '../services/AppAuthorization';
import { AuthorizedDashboardService } from '../services/dashboard/AuthorizedDashboardService';
import { DefaultDashboardService } from '../services/dashboard/DefaultDashboardService';
import { ActivityIngest } from '../services/inventory/ActivityIngest';
import { AuthorizedInventoryService } from '../services/inventory/AuthorizedInventoryService';
import { DefaultInventoryService } from '../services/inventory/DefaultInventoryService';
import { OktaGateway } from '../services/inventory/OktaGateway';
import {
  InventorySync,
  OktaMatchField,
} from '../services/inventory/InventorySync';
import { AuthorizedRunsService } from '../services/runs/AuthorizedRunsService';
import { createRestoresService } from '../services/restores/createRestoresService';
import { DefaultRunsService } from '../services/runs/DefaultRunsService';
import { AuthorizedBacktestService } from '../services/backtest/AuthorizedBacktestService';
import { DefaultBacktestService } from '../services/backtest/DefaultBacktestService';
import { AuthorizedWorkflowsService } from '../services/workflows/AuthorizedWorkflowsService';
import { DefaultWorkflowsService } from '../services/workflows/DefaultWorkflowsService';
import { auditCommittedEvents } from './auditing';

export const INVENTORY_TASK = 'provisioning-workflows:inventory-sync';
export const ACTIVITY_TASK = 'provisioning-workflows:activity-ingest';

type ScheduledTask = Parameters<SchedulerService['scheduleTask']>[0];

/** Reads a task schedule from `provisioningWorkflows.schedules.<key>`, or the default. */
function taskSchedule(
  config: RootConfigService,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const c = config.getOptionalConfig(`provisioningWorkflows.schedules.${key}`);
  return c ? readSchedulerServiceTaskScheduleDefinitionFromConfig(c) : fallback;
}

/** `provisioningWorkflows.jobs.retry` as the job runners' backoff. */
function retryBackoff(retry?: Config): Partial<Backoff> | undefined {
  if (!retry) return undefined;
  const first = retry.getOptionalNumber('firstDelaySeconds');
  const max = retry.getOptionalNumber('maxDelaySeconds');
  return {
    ...(first !== undefined ? { baseMs: first * 1000 } : {}),
    ...(max !== undefined ? { maxMs: max * 1000 } : {}),
  };
}

/**
 * The executor when no module sets one (Okta's is
 * @internal/plugin-provisioning-workflows-backend-module-okta): every
 * action fails, saying so.
 */
const NO_EXECUTOR: LicenseActionExecutor = {
  id: 'none',
  execute: async () => ({
    status: 'failed' as const,
    reason:
      'No license executor: configure connectors.okta or install a module that sets one',
  }),
};

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
  /** Run, sync and ingest progress to the pages (see engine/RunSignals.ts). */
  signals?: SignalsService;
  /**
   * Finds Productiv Home, whose approval method `default` warnings follow
   * and which opens tickets for what Okta cannot change.
   */
  discovery?: DiscoveryService;
  /** Set through provisioningWorkflowsActionsExtensionPoint. */
  executor?: LicenseActionExecutor;
  /** Added through provisioningWorkflowsWarningChannelExtensionPoint. */
  warningChannels?: Array<(keeps: WarningKeeps) => WarningChannel>;
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
  // Progress reaches the pages as signals; they poll only without them.
  const progress = new RunSignals({ signals: options.signals, store, logger });
  const runs = signalingRunStore(stores.runs, {
    signals: options.signals,
    logger,
  });

  const okta = OktaGateway.fromConfig(config);
  // Slack and e-mail warnings keep licenses with the portal's checks.
  const keeper = new WarningKeeper({ store, inventory, progress });
  const channels = new WarningChannels(
    (options.warningChannels ?? []).map(factory => factory(keeper)),
    pluginConfig?.getOptionalString('notifications.defaultChannel'),
    // `default` follows Productiv Home's approval method when Home answers.
    options.discovery &&
      new HomeApprovalMethod({
        discovery: options.discovery,
        auth: options.auth,
        logger,
      }),
  );
  // Queued work kicks the job worker, which is built from the engine below.
  const work = { kick: () => {} };
  const engine = new WorkflowEngine({
    store,
    inventory,
    jobs,
    logger,
    executor: options.executor ?? NO_EXECUTOR,
    warn: notificationWarnings(options.notifications),
    channels,
    appBaseUrl: config.getOptionalString('app.baseUrl'),
    itChanges:
      options.discovery &&
      new HomeItChanges({ discovery: options.discovery, auth: options.auth }),
    onWork: () => work.kick(),
    progress,
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
    backtests: new AuthorizedBacktestService(
      new DefaultBacktestService({ store, inventory }),
      { apps },
    ),
    runs: new AuthorizedRunsService(
      new DefaultRunsService({
        store,
        inventory,
        planner: engine.planner,
        onWork: () => work.kick(),
        progress,
      }),
      { apps, store },
    ),
    dashboard: new AuthorizedDashboardService(
      new DefaultDashboardService({
        dashboard: stores.dashboard,
        workflows: store,
      }),
      permissions,
    ),
  };

  const restores = createRestoresService({
    store,
    inventory,
    apps,
    permissions,
    executor: options.executor,
    appBaseUrl: config.getOptionalString('app.baseUrl'),
    onWork: () => work.kick(),
  });

  const jobConfig = pluginConfig?.getOptionalConfig('jobs');
  const runners = engine.runners({
    jobs,
    worker: jobWorkerName(),
    leaseMs: (jobConfig?.getOptionalNumber('leaseSeconds') ?? 60) * 1000,
    concurrency: jobConfig?.getOptionalNumber('concurrency') ?? 4,
    logger,
    backoff: retryBackoff(jobConfig?.getOptionalConfig('retry')),
  });
  const worker = new JobWorker({ runners, logger });
  work.kick = () => worker.kick();

  const sync = okta && {
    inventory: new InventorySync({
      okta,
      inventory,
      dashboard: stores.dashboard,
      runs,
      catalog: options.catalog,
      auth: options.auth,
      logger,
      matchField: (pluginConfig?.getOptionalString('people.oktaMatchField') ??
        'email') as OktaMatchField,
    }),
    activity: new ActivityIngest({
      okta,
      activity: stores.activity,
      runs,
      logger,
      settings: {
        backfillDays:
          pluginConfig?.getOptionalNumber('activity.backfillDays') ?? 90,
        retentionDays:
          pluginConfig?.getOptionalNumber('activity.retentionDays') ?? 400,
      },
    }),
  };

  // Global tasks (one replica at a time): the tick, and with Okta the
  // inventory sync and activity ingest.
  const tasks: ScheduledTask[] = [
    {
      id: 'provisioning-workflows:workflow-tick',
      scope: 'global',
      ...taskSchedule(config, 'workflowTick', {
        frequency: { seconds: 30 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 5 },
      }),
      fn: async () => {
        await engine.tick();
      },
    },
  ];
  if (sync) {
    tasks.push(
      {
        id: INVENTORY_TASK,
        scope: 'global',
        ...taskSchedule(config, 'inventorySync', {
          frequency: { minutes: 30 },
          timeout: { minutes: 30 },
          initialDelay: { seconds: 10 },
        }),
        fn: async () => {
          await sync.inventory.run();
        },
      },
      {
        id: ACTIVITY_TASK,
        scope: 'global',
        ...taskSchedule(config, 'activityIngest', {
          frequency: { minutes: 5 },
          timeout: { minutes: 60 },
          initialDelay: { seconds: 30 },
        }),
        fn: async () => {
          await sync.activity.run();
        },
      },
    );
  }

  return {
    stores,
    engine,
    services: { ...services, restores },
    worker,
    sync,
    tasks,
    channels,
  };
}
