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
      expect(await knex.schema.hasTable('home_settings')).toBe(true);
      await knex('home_settings').insert({
        key: 'defaults',
        value: '{"approvalMethod":"slack"}',
        updated_by: 'user:default/alex.morgan',
        updated_at: new Date(),
      });
      expect(await knex('home_settings').count({ n: '*' })).toEqual([
        { n: databaseId === 'SQLITE_3' ? 1 : '1' },
      ]);

      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasTable('home_settings')).toBe(false);

      // All the way up, then all the way down, then up again.
      const tables = [
        'home_settings',
        'home_apps',
        'requests',
        'approvals',
        'request_events',
        'home_catalog_state',
        'home_app_owners',
      ];
      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      for (const t of tables) expect(await knex.schema.hasTable(t)).toBe(true);
      await knex.migrate.rollback({ directory: MIGRATIONS_DIR }, true);
      for (const t of tables) expect(await knex.schema.hasTable(t)).toBe(false);
      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      for (const t of tables) expect(await knex.schema.hasTable(t)).toBe(true);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'copies the owners of existing apps into home_app_owners on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      await knex('home_apps').insert({
        app_key: 'figma',
        definition: JSON.stringify({
          appKey: 'figma',
          owners: ['user:default/olivia.brown', 'group:default/it'],
        }),
        updated_by: 'user:default/alex.morgan',
        updated_at_ms: 1,
      });
      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      expect(
        await knex('home_app_owners')
          .orderBy('owner')
          .select('app_key', 'owner'),
      ).toEqual([
        { app_key: 'figma', owner: 'group:default/it' },
        { app_key: 'figma', owner: 'user:default/olivia.brown' },
      ]);
      expect(await knex('home_catalog_state').first('version')).toEqual({
        version: databaseId === 'SQLITE_3' ? 1 : '1',
      });
      await knex.destroy();
    },
  );
  it.each(databases.eachSupportedId())(
    'makes the requests stored before kinds existed grants, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Up to the tier changes (the seventh migration), then a request.
      for (let i = 0; i < 7; i++) {
        await knex.migrate.up({ directory: MIGRATIONS_DIR });
      }
      expect(await knex.schema.hasColumn('requests', 'kind')).toBe(false);
      const id = '6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60';
      await knex('requests').insert({
        id,
        requester: 'user:default/benjamin.moore',
        app_key: 'tableau',
        tier: 'explorer',
        from_tier: 'viewer',
        status: 'fulfilled',
        version: 1,
        created_at_ms: 1,
        updated_at_ms: 1,
      });
      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      expect(await knex('requests').where({ id }).first('kind')).toEqual({
        kind: 'grant',
      });
      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasColumn('requests', 'kind')).toBe(false);
      expect(await knex('requests').where({ id }).first('from_tier')).toEqual({
        from_tier: 'viewer',
      });
      await knex.destroy();
    },
  );
});
