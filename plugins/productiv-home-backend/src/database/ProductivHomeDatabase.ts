import { DatabaseService } from '@backstage/backend-plugin-api';
import { JobStore, useWriteAheadLog } from '@internal/durable-jobs';
import { Knex } from 'knex';
import { ApprovalsStore } from './ApprovalsStore';
import { AppsStore } from './AppsStore';
import { ItChangesStore } from './ItChangesStore';
import { applyDatabaseMigrations } from './migrations';
import { RequestsStore } from './RequestsStore';
import { DatabaseSettingsStore } from './SettingsStore';
import { GrantsStore } from './GrantsStore';

/** Every store of the plugin, on one database. */
export type ProductivHomeStores = {
  apps: AppsStore;
  settings: DatabaseSettingsStore;
  requests: RequestsStore;
  approvals: ApprovalsStore;
  /** Changes other plugins handed to IT (license automation's reclaims). */
  itChanges: ItChangesStore;
  /** Time-bound access: grants, their expiry and end. */
  grants: GrantsStore;
  /** Every external call runs from this job table (retries, leases). */
  jobs: JobStore;
};

/** The plugin's database: migrations, then the stores. */
export class ProductivHomeDatabase {
  /**
   * Runs the migrations once (unless the database service is told to skip
   * them) and returns the stores.
   */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ProductivHomeStores> {
    const knex = await options.database.getClient();
    await useWriteAheadLog(knex);
    const skipMigrations = options.database.migrations?.skip;
    if (!skipMigrations) {
      await applyDatabaseMigrations(knex);
    }
    const jobs = await JobStore.create({
      knex,
      table: 'home_jobs',
      skipMigrations,
    });
    return ProductivHomeDatabase.stores(knex, jobs);
  }

  /** The stores on a migrated database (tests that bring their own job store). */
  static stores(knex: Knex, jobs: JobStore): ProductivHomeStores {
    return {
      apps: new AppsStore(knex),
      settings: new DatabaseSettingsStore(knex),
      requests: new RequestsStore(knex, jobs),
      approvals: new ApprovalsStore(knex, jobs),
      itChanges: new ItChangesStore(knex, jobs),
      grants: new GrantsStore(knex, jobs),
      jobs,
    };
  }
}
