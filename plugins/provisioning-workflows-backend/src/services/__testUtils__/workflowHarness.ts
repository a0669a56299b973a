import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import { demoUserEntities, Sandbox } from '@internal/sandbox';
import { Knex } from 'knex';
import { initializePersistence } from '../../database/persistence';
import { NewAuditEvent, WorkflowStore } from '../../database/WorkflowStore';
import { OktaGateway } from '../../okta/OktaGateway';
import { OktaLicenseExecutor } from '../../okta/OktaLicenseExecutor';
import { ActivityIngest } from '../ActivityIngest';
import { InventorySync } from '../InventorySync';
import { JOB_TYPES, WarningSender, WorkflowService } from '../WorkflowService';
import { workflowRuleset } from './workflowRuleset';

export { workflowRuleset };

export const adminCredentials = mockCredentials.user(
  'user:default/productiv-admin',
);

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
}) {
  const { knex, sandbox, now } = options;
  const stores = await initializePersistence(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  const okta = OktaGateway.fromConfig(
    new ConfigReader({
      connectors: {
        okta: {
          orgUrl: sandbox.urls.okta,
          token: sandbox.credentials.okta.token,
        },
      },
    }),
  )!;
  const logger = mockServices.logger.mock();
  const sync = new InventorySync({
    okta,
    ...stores,
    catalog: catalogServiceMock({ entities: demoUserEntities() }),
    auth: mockServices.auth(),
    logger,
    matchField: 'email',
    now,
  });
  const ingest = new ActivityIngest({
    okta,
    ...stores,
    logger,
    settings: { backfillDays: 31, retryDelayMs: 10, ...options.settings },
    now,
  });
  return { stores, okta, sync, ingest, logger };
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
}) {
  const { knex, sandbox, now } = options;
  const { stores, okta, sync, ingest, logger } = await createSyncAndIngest({
    knex,
    sandbox,
    now,
    settings: { backfillDays: 91 },
  });
  const jobs = await JobStore.create({ knex, table: 'workflow_jobs' });
  // What the plugin forwards to the auditor service, once committed.
  const audited: NewAuditEvent[] = [];
  const store = new WorkflowStore(knex, events => audited.push(...events));
  const service = new WorkflowService({
    store,
    inventory: stores.inventory,
    jobs,
    permissions: mockServices.permissions(),
    ruleset: workflowRuleset as any,
    appAdmins: new Map(),
    executor: new OktaLicenseExecutor(okta),
    warn: async warning => {
      options.warnings?.push(warning);
    },
    logger,
    now,
  });
  const onFinished = async (
    job: any,
    outcome: { status: string; error?: string },
  ) => {
    if (outcome.status !== 'failed') return;
    if (job.type === JOB_TYPES.plan)
      await service.planFailed(job, outcome.error ?? '');
    if (job.type === JOB_TYPES.act)
      await service.actFailed(job, outcome.error ?? '');
  };
  const runner = new JobRunner({
    store: jobs,
    worker: options.worker ?? 'test-worker',
    handlers: service.handlers(),
    concurrency: options.concurrency ?? 4,
    leaseMs: options.leaseMs ?? 60_000,
    timeoutMs: 20_000,
    backoff: { baseMs: 10, factor: 2, maxMs: 100 },
    logger,
    onFinished,
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
    service,
    runner,
    drain,
    audited,
  };
}

export type WorkflowHarness = Awaited<ReturnType<typeof createWorkflowHarness>>;
