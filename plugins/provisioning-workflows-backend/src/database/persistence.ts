import { DatabaseService } from '@backstage/backend-plugin-api';
import { JobStore, useWriteAheadLog } from '@internal/durable-jobs';
import { ActivityStore } from './ActivityStore';
import { createDashboardStore, DashboardStore } from './DashboardStore';
import { createInventoryStore, InventoryStore } from './InventoryStore';
import { applyDatabaseMigrations } from './migrations';
import { DatabaseRunStore } from './RunStore';
import { NewAuditEvent } from './types';
import { createWorkflowStore, WorkflowStore } from './WorkflowStore';

/** Every store of the plugin, on one database whose migrations ran once. */
export type Persistence = {
  runs: DatabaseRunStore;
  inventory: InventoryStore;
  activity: ActivityStore;
  workflows: WorkflowStore;
  /** The savings dashboard's figures and daily spend snapshots. */
  dashboard: DashboardStore;
  /** The durable jobs that carry out workflow runs (table `workflow_jobs`). */
  jobs: JobStore;
};

export async function initializePersistence(
  database: DatabaseService,
  options: {
    /** Told of workflow audit events once they are committed. */
    onWorkflowEvents?: (events: NewAuditEvent[]) => void;
  } = {},
): Promise<Persistence> {
  const knex = await database.getClient();
  await useWriteAheadLog(knex);
  const skip = Boolean(database.migrations?.skip);
  if (!skip) {
    await applyDatabaseMigrations(knex);
  }
  const jobs = await JobStore.create({
    knex,
    table: 'workflow_jobs',
    skipMigrations: skip,
  });
  return {
    runs: DatabaseRunStore.fromKnex(knex),
    inventory: createInventoryStore(knex),
    activity: new ActivityStore(knex),
    workflows: createWorkflowStore({
      knex,
      jobs,
      onEvents: options.onWorkflowEvents,
    }),
    dashboard: createDashboardStore(knex),
    jobs,
  };
}
