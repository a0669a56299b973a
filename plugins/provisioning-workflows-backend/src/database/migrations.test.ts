import { TestDatabases } from '@backstage/backend-test-utils';
import { MIGRATIONS_DIR } from './migrations';

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'runs up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasTable('runs')).toBe(true);
      await knex('runs').insert({
        id: '6f2c0b4e-2f0e-4a4b-9a55-0d6f1d0f3b11',
        kind: 'inventory-sync',
        status: 'running',
        started_at: new Date(),
        stats: '{}',
      });
      expect(await knex('runs').pluck('kind')).toEqual(['inventory-sync']);

      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasTable('runs')).toBe(false);

      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasTable('runs')).toBe(true);
      await knex.destroy();
    },
  );
});
