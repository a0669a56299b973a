import {
  AuditorService,
  AuthService,
  CacheService,
  DatabaseService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { JobRunner, JobWorker, jobWorkerName } from '@internal/durable-jobs';
import { DEFAULT_PEOPLE_ANNOTATIONS } from '@internal/plugin-productiv-home-common';
import {
  ApprovalChannel,
  ApprovalDecisions,
  AuditTrailTicketing,
  ChannelIntake,
  FulfillmentProvider,
} from '@internal/plugin-productiv-home-node';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { ProductivHomeDatabase } from '../database/ProductivHomeDatabase';
import { AccessService } from '../services/access/AccessService';
import { AdminNotices } from '../services/admin/AdminNotices';
import { ApprovalMessenger } from '../services/approvals/ApprovalMessenger';
import { OverdueRequestsWorker } from '../services/approvals/OverdueRequestsWorker';
import { ApprovalReminderWorker } from '../services/approvals/ApprovalReminderWorker';
import {
  addApprovalChannels,
  approvalDecisions,
} from '../services/approvals/approvalChannels';
import { AuthorizedHomeAppsService } from '../services/apps/AuthorizedHomeAppsService';
import { DefaultHomeAppsService } from '../services/apps/DefaultHomeAppsService';
import { LegacyAppLinker } from '../services/apps/LegacyAppLinker';
import { HomeConfigCache } from '../services/catalog/HomeConfigCache';
import { PeerUsageService } from '../services/catalog/PeerUsageService';
import {
  AuthorizedConnectorsAdminService,
  DefaultConnectorsAdminService,
} from '../services/connectors/ConnectorsAdminService';
import { ConnectorsService } from '../services/connectors/ConnectorsService';
import { AuditTrail } from '../services/fulfillment/AuditTrail';
import { FulfillmentService } from '../services/fulfillment/FulfillmentService';
import { ItChangeService } from '../services/itChanges/ItChangeService';
import { JobsQueued } from '../services/JobsQueued';
import { CatalogPeopleDirectory } from '../services/people/CatalogPeopleDirectory';
import { PersonAccessService } from '../services/people/PersonAccessService';
import { RequestSeatsService } from '../services/approvals/RequestSeatsService';
import { ProfileService } from '../services/ProfileService';
import { ApproverPreviewService } from '../services/requests/ApproverPreviewService';
import { ChannelIntakeService } from '../services/requests/ChannelIntakeService';
import { AuthorizedRequestService } from '../services/requests/AuthorizedRequestService';
import { DefaultRequestService } from '../services/requests/DefaultRequestService';
import { notificationHandlers } from '../services/requests/notificationJobs';
import { NotificationsRequestNotifier } from '../services/requests/NotificationsRequestNotifier';
import { RequestUseCaseDeps } from '../services/requests/RequestEffects';
import { RequestSignals } from '../services/requests/RequestSignals';
import { RequestUseCases } from '../services/requests/RequestUseCases';
import {
  AuthorizedSettingsService,
  DefaultSettingsService,
} from '../services/settings/SettingsService';
import { ChannelSettingsService } from '../services/settings/ChannelSettingsService';
import { WriteAuditor } from '../services/WriteAuditor';
import { TakenBackService } from '../services/access/TakenBackService';
import { GrantExpiry } from '../services/grants/GrantExpiry';
import { GrantReconciliation } from '../services/grants/GrantReconciliation';
import { GrantWarnings } from '../services/grants/GrantWarnings';
import { jobBackoff } from './jobBackoff';
import { registerPermissions } from './permissions';

/** What the plugin is built from: its services and what modules added. */
export type ContextOptions = {
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  permissionsRegistry: PermissionsRegistryService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  cache: CacheService;
  catalog: CatalogService;
  notifications: NotificationService;
  signals: SignalsService;
  inventory: ProvisioningWorkflowsInventoryService;
  fulfillmentProviders: Map<string, FulfillmentProvider>;
  channelFactories: Array<
    (decisions: ApprovalDecisions, intake: ChannelIntake) => ApprovalChannel
  >;
  /** The ticketing modules' audit trails, by ticketing system. */
  auditTrails?: Map<string, AuditTrailTicketing>;
};

/**
 * Builds the plugin in dependency order: stores, the request use cases
 * (which decide), then the approval channels that call them, the
 * connectors, the job handlers and their worker, and the authorized
 * services the routes and actions call.
 */
export async function createProductivHomeContext(options: ContextOptions) {
  const { config, logger, auth, catalog, inventory, permissions } = options;
  const stores = await ProductivHomeDatabase.create(options);
  const rulesets = registerPermissions(options.permissionsRegistry, stores);

  const pluginConfig = config.getOptionalConfig('productivHome');
  const appBaseUrl = config.getOptionalString('app.baseUrl') ?? '';
  const profiles = new ProfileService({
    catalog,
    adminGroups: pluginConfig?.getOptionalStringArray('adminGroups') ?? [],
    annotations: {
      ...DEFAULT_PEOPLE_ANNOTATIONS,
      ...pluginConfig?.getOptional<Record<string, string>>(
        'people.annotations',
      ),
    },
  });
  // The catalog and settings in memory, checked against the database
  // version at most once a second (other replicas' writes).
  const homeConfig = new HomeConfigCache({
    apps: stores.apps,
    settings: stores.settings,
  });
  const settings = () => homeConfig.settings();
  const people = new CatalogPeopleDirectory({
    catalog,
    auth,
    annotations: profiles.annotations,
    logger,
  });

  // Filled below by the modules' channels; read when a change queues work.
  const channels = new Map<string, ApprovalChannel>();
  const jobsQueued = new JobsQueued();
  const signals = new RequestSignals(options.signals);
  const access = new AccessService({
    inventory,
    auth,
    apps: homeConfig,
    logger,
    grants: stores.grants,
  });
  // Built below; the request use cases reach them when fulfillment ends.
  const late: { auditTrail?: AuditTrail; fulfillment?: FulfillmentService } =
    {};
  const requestDeps: RequestUseCaseDeps = {
    store: stores.requests,
    access,
    apps: homeConfig,
    people,
    settings,
    logger,
    onJobsQueued: jobsQueued.notify,
    channelInstalled: async () =>
      channels.has((await settings()).approvalMethod),
    onChange: request => signals.publish(request),
    adminNoticesOn: () => [...channels.values()].some(c => c.notifyAdmins),
    fulfillmentEnded: async (request, attempt, result) =>
      (await late.auditTrail?.resolving(request, attempt, result)) ?? [],
    grants: stores.grants,
  };
  const useCases = new RequestUseCases(requestDeps);
  const reminders = new ApprovalReminderWorker({
    ...requestDeps,
    approvals: stores.approvals,
    tiers: access,
  });
  const auditor = new WriteAuditor(options.auditor);
  const overdue = new OverdueRequestsWorker({
    ...requestDeps,
    approvals: stores.approvals,
    listApps: () => homeConfig.listApps(),
    auditor,
  });
  addApprovalChannels(
    channels,
    options.channelFactories,
    approvalDecisions(useCases.decisions),
    // Requests from a channel (the Slack command), through the same intake.
    new ChannelIntakeService({
      submit: (input, o) => useCases.submit(input, o),
      apps: homeConfig,
      access,
      settings,
      awaiting: approver => stores.approvals.listAwaiting(approver),
      getRequest: id => stores.requests.get(id),
      people,
      auditor: options.auditor,
      appBaseUrl,
      logger,
    }),
  );
  const connectors = new ConnectorsService({
    providers: options.fulfillmentProviders,
    channels,
    ticketing: pluginConfig?.getOptionalString('ticketing'),
    logger,
  });

  const auditTrail = new AuditTrail({
    trails: options.auditTrails ?? new Map(),
    connectors,
    store: stores.requests,
    jobs: stores.jobs,
    settings,
    apps: homeConfig,
    describe: request => late.fulfillment!.describe(request),
    logger,
  });
  late.auditTrail = auditTrail;
  const fulfillment = new FulfillmentService({
    auditTrail,
    requests: useCases,
    store: stores.requests,
    jobs: stores.jobs,
    apps: homeConfig,
    connectors,
    people,
    inventory,
    auth,
    tiers: access,
    appBaseUrl,
    logger,
    itChanges: stores.itChanges,
  });
  late.fulfillment = fulfillment;
  fulfillment.listenForTickets();
  const messenger = new ApprovalMessenger({
    store: stores.requests,
    jobs: stores.jobs,
    apps: homeConfig,
    connectors,
    people,
    settings,
    appBaseUrl,
    logger,
    inventory,
    auth,
    tiers: access,
    catalog,
  });
  const adminNotices = new AdminNotices({
    store: stores.requests,
    apps: homeConfig,
    connectors,
    people,
    tiers: access,
    appBaseUrl,
    logger,
  });
  // Time-bound access: warnings before expiry, removal at expiry, and the
  // end of grants removed in Okta by hand.
  const grantWarnings = new GrantWarnings({
    grants: stores.grants,
    apps: homeConfig,
    people,
    settings,
    channel: id => connectors.channel(id),
    tierName: (appKey, tier) => access.tierName(appKey, tier),
    appBaseUrl,
    logger,
  });
  const grantExpiry = new GrantExpiry({
    grants: stores.grants,
    store: stores.requests,
    apps: homeConfig,
    handoff: useCases.handoff,
    settings,
    warnings: grantWarnings,
    auditor,
    logger,
    onJobsQueued: jobsQueued.notify,
  });
  const grantReconciliation = new GrantReconciliation({
    grants: stores.grants,
    apps: homeConfig,
    access,
    auditor,
    logger,
  });
  const jobConfig = pluginConfig?.getOptionalConfig('jobs');
  const leaseMs = (jobConfig?.getOptionalNumber('leaseSeconds') ?? 60) * 1000;
  const runner = new JobRunner({
    store: stores.jobs,
    worker: jobWorkerName(),
    handlers: {
      ...fulfillment.handlers(),
      ...messenger.handlers(),
      ...adminNotices.handlers(),
      ...auditTrail.handlers(),
      ...grantExpiry.handlers(),
      ...grantWarnings.handlers(),
      // Queued with the change they tell about; the answer does not wait.
      ...notificationHandlers(
        new NotificationsRequestNotifier(options.notifications),
      ),
    },
    concurrency: jobConfig?.getOptionalNumber('concurrency') ?? 4,
    leaseMs,
    // A call must end (or be abandoned) before its lease does.
    timeoutMs: Math.min(30_000, leaseMs * 0.8),
    backoff: jobBackoff(config),
    logger,
    onFinished: (job, outcome) => fulfillment.onFinished(job, outcome),
  });
  // Every replica drains the table; claims keep them from sharing a job.
  const worker = new JobWorker({ runners: [runner], logger });
  jobsQueued.listen(() => worker.kick());

  const requests = new AuthorizedRequestService(
    new DefaultRequestService({
      useCases,
      store: stores.requests,
      approvals: stores.approvals,
    }),
    {
      permissions,
      rulesets,
      resources: stores.requests,
      apps: stores.apps,
      auditor,
    },
  );
  return {
    profiles,
    homeConfig,
    connectors,
    fulfillment,
    reminders,
    overdue,
    grantExpiry,
    grantReconciliation,
    worker,
    access,
    // My access's Recently taken back, from license automation.
    takenBack: new TakenBackService({ inventory }),
    personAccess: new PersonAccessService({
      ...options,
      access,
      people,
      requests: stores.requests,
      apps: homeConfig,
    }),
    approverPreview: new ApproverPreviewService({
      people,
      apps: homeConfig,
      settings,
    }),
    itChanges: new ItChangeService({
      itChanges: stores.itChanges,
      requests: stores.requests,
      apps: homeConfig,
      people,
      auditor: options.auditor,
      onJobsQueued: jobsQueued.notify,
      onChange: request => signals.publish(request),
    }),
    peerUsage: new PeerUsageService({
      inventory,
      cache: options.cache,
      logger: options.logger,
    }),
    requests,
    // The approvals page's free seats and idle holders, behind the request read check.
    requestSeats: new RequestSeatsService({
      requests,
      apps: homeConfig,
      inventory,
      auth,
      permissions,
    }),
    appLinker: new LegacyAppLinker({
      apps: stores.apps,
      inventory,
      auth,
      homeConfig,
      logger,
    }),
    apps: new AuthorizedHomeAppsService(
      new DefaultHomeAppsService({
        apps: stores.apps,
        homeConfig,
        inventory,
        auth,
      }),
      { permissions, ruleset: rulesets.app, apps: stores.apps, auditor },
    ),
    connectorsAdmin: new AuthorizedConnectorsAdminService(
      new DefaultConnectorsAdminService({ connectors, settings }),
      { permissions, auditor },
    ),
    // Home's approval method, for other plugins' messages.
    channelSettings: new ChannelSettingsService({ settings, permissions }),
    settings: new AuthorizedSettingsService(
      new DefaultSettingsService({ settings: stores.settings, homeConfig }),
      { permissions, auditor },
    ),
  };
}

export type ProductivHomeContext = Awaited<
  ReturnType<typeof createProductivHomeContext>
>;
