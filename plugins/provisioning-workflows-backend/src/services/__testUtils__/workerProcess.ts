/* eslint-disable no-console */
// A workflow job worker in a process of its own, for the kill test: it
// drains the workflow jobs of one database against the sandbox's Okta until
// it is killed. Started by WorkflowKill.test.ts; not part of the plugin.
import { ConfigReader } from '@backstage/config';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import { OktaLicenseExecutor } from '@internal/plugin-provisioning-workflows-backend-module-okta';
import knexFactory from 'knex';
import { createInventoryStore } from '../../database/InventoryStore';
import { createWorkflowStore } from '../../database/WorkflowStore';
import { WorkflowEngine } from '../../engine/WorkflowEngine';

async function main() {
  const knex = knexFactory(JSON.parse(process.env.WF_KNEX!));
  // What the Okta module sets through the actions extension point.
  const executor = OktaLicenseExecutor.fromConfig(
    new ConfigReader({
      connectors: {
        okta: {
          orgUrl: process.env.WF_OKTA_URL!,
          token: process.env.WF_OKTA_TOKEN!,
        },
      },
    }),
  )!;
  const logger = {
    debug() {},
    info() {},
    warn: (m: string, meta?: unknown) => console.error('warn', m, meta),
    error: (m: string, meta?: unknown) => console.error('error', m, meta),
    child() {
      return logger;
    },
  };
  const jobs = await JobStore.create({ knex, table: 'workflow_jobs' });
  const engine = new WorkflowEngine({
    store: createWorkflowStore({ knex, jobs }),
    inventory: createInventoryStore(knex),
    executor,
    logger: logger as any,
    now: () => Number(process.env.WF_NOW),
  });
  const runner = new JobRunner({
    store: jobs,
    worker: `child-${process.pid}`,
    handlers: engine.handlers(),
    concurrency: 4,
    leaseMs: Number(process.env.WF_LEASE_MS),
    timeoutMs: Number(process.env.WF_LEASE_MS) / 2,
    backoff: { baseMs: 10, factor: 2, maxMs: 100 },
    logger: logger as any,
  });
  console.log('ready');
  for (;;) {
    await runner.runOnce({ deadlineMs: Date.now() + 60_000 });
    await engine.tick();
    await new Promise(r => setTimeout(r, 20));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
