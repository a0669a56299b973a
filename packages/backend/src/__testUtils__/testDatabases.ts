import {
  coreServices,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** A plugin's database connection (knex). */
export type TestDatabaseClient = Awaited<
  ReturnType<DatabaseService['getClient']>
>;

/**
 * The database service of a test backend on one of `databases`: each
 * plugin gets its own fresh logical database, as in production, so a
 * backend test runs on SQLite and on PostgreSQL alike. With `clients`, each
 * plugin's connection is kept there by plugin id, for a test to look into.
 */
export function testDatabaseFactory(
  databases: TestDatabases,
  id: TestDatabaseId,
  clients?: Map<string, TestDatabaseClient>,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      const knex = await databases.init(id);
      clients?.set(pluginMetadata.getId(), knex);
      return { getClient: async () => knex };
    },
  });
}
