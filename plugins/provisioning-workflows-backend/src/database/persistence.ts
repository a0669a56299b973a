import { DatabaseService } from '@backstage/backend-plugin-api';
import { ActivityStore } from './ActivityStore';
import { InventoryStore } from './InventoryStore';
import { applyDatabaseMigrations } from './migrations';
import { DatabaseRunStore } from './RunStore';

/** Every store of the plugin, on one database whose migrations ran once. */
export type Persistence = {
  runs: DatabaseRunStore;
  inventory: InventoryStore;
  activity: ActivityStore;
};

export async function initializePersistence(
  database: DatabaseService,
): Promise<Persistence> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await applyDatabaseMigrations(knex);
  }
  return {
    runs: DatabaseRunStore.fromKnex(knex),
    inventory: new InventoryStore(knex),
    activity: new ActivityStore(knex),
  };
}
