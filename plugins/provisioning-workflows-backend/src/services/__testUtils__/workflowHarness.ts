import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { SignalsService } from '@backstage/plugin-signals-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JobRunner } from '@internal/durable-jobs';
import { OktaLicenseExecutor } from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { demoUserEntities, Sandbox } from '@internal/sandbox';
import { Knex } from 'knex';
import { initializePersistence } from '../../database/persistence';
import { NewAuditEvent } from '../../database/types';
import { RunSignals, signalingRunStore } from '../../engine/RunSignals';
import { WarningSender } from '../../engine/WarningSender';
import { WorkflowEngine } from '../../engine/WorkflowEngine';
import { isAuditedOnCommit } from '../../service/auditing';
import { AppAuthorization } from '../AppAuthorization';
import { ActivityIngest } from '../inventory/ActivityIngest';
import { InventorySync } from '../inventory/InventorySync';
import { OktaGateway } from '../inventory/OktaGateway';
import { AuthorizedRunsService } from '../runs/AuthorizedRunsService';
import { DefaultRunsService } from '../runs/DefaultRunsService';
import { RunsService } from '../runs/types';
import { AuthorizedWorkflowsService } from '../workflows/AuthorizedWorkflowsService';
import { DefaultWorkflowsService } from '../workflows/DefaultWorkflowsService';
import { WorkflowsService } from '../workflows/types';
import { workflowRuleset } from './workflowRuleset';

export { workflowRuleset };

export const adminCredentials = mockCredentials.user(
  'user:default/productiv-admin',
);

/** `connectors.okta` pointing at the sandbox. */
export function sandboxOktaConfig(sandbox: Sandbox) {
  return new ConfigReader({
    connectors: {
      okta: {
        orgUrl: sandbox.urls.okta,
        token: sandbox.credentials.okta.token,
      },
    },
  });
}

/**
 * The plugin's stores on one database, and the inventory sync and activity
 * ingest reading the sandbox's Okta through the real SDK.
 */
export async function createSyncAndIngest(options: {
  knex: Knex;
  sandbox: Sandbox;
  now: () => number;
  settings?: Partial<
    ConstructorParameters<typeof ActivityIngest>[0]['settings']
  >;
  /** Where the sync and ingest runs are published. */
  signals?: SignalsService;
}) {
  const { knex, sandbox, now } = options;
  // What the plugin sends to the auditor service once committed.
  const audited: NewAuditEvent[] = [];
  const stores = await initializePersistence(
    mockServices.database({ knex, migrations: { skip: false } }),
    {
      onWorkflowEvents: events =>
        audited.push(...events.filter(isAuditedOnCommit)),
    },
  );
  const okta = OktaGateway.fromConfig(sandboxOktaConfig(sandbox))!;
  const logger = mockServices.logger.mock();
  const runs = signalingRunStore(stores.runs, {
    signals: options.signals,
    logger,
  });
  const sync = new InventorySync({
    okta,
    ...stores,
    runs,
    catalog: catalogServiceMock({ entities: demoUserEntities() }),
    auth: mockServices.auth(),
    logger,
    matchField: 'email',
    now,
  });
  const ingest = new ActivityIngest({
    okta,
    ...stores,
    runs,
    logger,
    settings: { backfillDays: 31, retryDelayMs: 10, ...options.settings },
    now,
  });
  return { stores, okta, sync, ingest, logger, audited };
}

/**
 * Everything a workflow needs on one database, against the sandbox: the
 * inventory sync and activity ingest, the service with the real Okta
 * executor and durable jobs, and a runner to drain them.
 */
export async function createWorkflowHarness(options: {
  knex: Knex;
  sandbox: Sandbox;
  now: () => number;
  warnings?: Parameters<WarningSender>[0][];
  worker?: string;
  leaseMs?: number;
  concurrency?: number;
  /**
   * Where run progress is published. The publishes wait for
   * `progress.flush()`, so that a test sees what each step published.
   */
  signals?: SignalsService;
}) {
  const { knex, sandbox, now } = options;
  const { stores, okta, sync, ingest, logger, audited } =
    await createSyncAndIngest({
      knex,
      sandbox,
      now,
      settings: { backfillDays: 91 },
      signals: options.signals,
    });
  const { inventory, workflows: store, jobs } = stores;
  const progress = new RunSignals({
    signals: options.signals,
    store,
    logger,
    delayMs: 3_600_000,
  });
  const engine = new WorkflowEngine({
    store,
    inventory,
    logger,
    // What the Okta module sets through the actions extension point.
    executor: OktaLicenseExecutor.fromConfig(sandboxOktaConfig(sandbox))!,
    warn: async warning => {
      options.warnings?.push(warning);
    },
    progress,
    now,
  });
  const permissions = mockServices.permissions();
  const apps = new AppAuthorization({
    inventory,
    permissions,
    ruleset: workflowRuleset as any,
    appAdmins: new Map(),
  });
  const workflows = new AuthorizedWorkflowsService(
    new DefaultWorkflowsService({ store, inventory, now }),
    { apps, permissions, inventory, store },
  );
  const runs = new AuthorizedRunsService(
    new DefaultRunsService({
      store,
      inventory,
      planner: engine.planner,
      progress,
      now,
    }),
    { apps, store },
  );
  // The use cases as the plugin's routes call them, and the engine's tick.
  const service = {
    ...bindAll<WorkflowsService>(workflows),
    ...bindAll<RunsService>(runs),
    tick: () => engine.tick(),
  };
  const runner = new JobRunner({
    store: jobs,
    worker: options.worker ?? 'test-worker',
    handlers: engine.handlers(),
    concurrency: options.concurrency ?? 4,
    leaseMs: options.leaseMs ?? 60_000,
    timeoutMs: 20_000,
    backoff: { baseMs: 10, factor: 2, maxMs: 100 },
    logger,
    onFinished: engine.onFinished,
  });

  /** Runs jobs and the tick until nothing is left to do. */
  async function drain() {
    for (let i = 0; i < 50; i++) {
      const ran = await runner.runOnce({ deadlineMs: Date.now() + 120_000 });
      const ticked = await service.tick();
      if (
        ran.succeeded + ran.retried + ran.failed === 0 &&
        ticked.scheduled + ticked.executing + ticked.finished === 0
      ) {
        const counts = await jobs.counts();
        if (!counts.queued) return;
        await new Promise(r => setTimeout(r, 50));
      }
    }
    throw new Error('Jobs did not drain');
  }

  return {
    ...stores,
    okta,
    sync,
    ingest,
    jobs,
    store,
    engine,
    service,
    runner,
    drain,
    audited,
    progress,
  };
}

/** An object's methods, bound to it (class methods do not spread). */
function bindAll<T extends object>(target: T): T {
  const out: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(
    Object.getPrototypeOf(target),
  )) {
    const member = (target as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof member === 'function') {
      out[name] = member.bind(target);
    }
  }
  return out as T;
}

export type WorkflowHarness = Awaited<ReturnType<typeof createWorkflowHarness>>;
