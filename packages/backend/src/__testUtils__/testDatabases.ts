import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The database service of a test backend on one of `databases`: each
 * plugin gets its own fresh logical database, as in production, so a
 * backend test runs on SQLite and on PostgreSQL alike.
 */
export function testDatabaseFactory(
  databases: TestDatabases,
  id: TestDatabaseId,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    async factory() {
      const knex = await databases.init(id);
      return { getClient: async () => knex };
    },
  });
}
