import { TestDatabases } from '@backstage/backend-test-utils';
import {
  migrateModuleTables,
  moduleMigrations,
  ModuleTables,
} from './moduleTables';

jest.setTimeout(60_000);

const tables: ModuleTables = {
  name: 'example',
  migrations: {
    // Out of order on purpose: names decide the order.
    '20261125_second': {
      async up(knex) {
        await knex.schema.alterTable('home_example_things', t => {
          t.text('note').nullable();
        });
      },
      async down(knex) {
        await knex.schema.alterTable('home_example_things', t => {
          t.dropColumn('note');
        });
      },
    },
    '20261124_init': {
      async up(knex) {
        await knex.schema.createTable('home_example_things', t => {
          t.string('key', 255).primary();
        });
      },
      async down(knex) {
        await knex.schema.dropTable('home_example_things');
      },
    },
  },
};

describe('migrateModuleTables', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'runs the migrations in name order, recorded in the module table, once (%p)',
    async id => {
      const knex = await databases.init(id);
      await migrateModuleTables(knex, tables);
      await migrateModuleTables(knex, tables);
      await knex('home_example_things').insert({ key: 'k', note: 'n' });
      const done = await knex(
        'productiv_home_module_example__knex_migrations',
      ).select('name');
      expect(done.map(r => r.name)).toEqual([
        '20261124_init',
        '20261125_second',
      ]);

      await knex.migrate.rollback(moduleMigrations(tables), true);
      expect(await knex.schema.hasTable('home_example_things')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'stops where asked, and does nothing when told to skip (%p)',
    async id => {
      const knex = await databases.init(id);
      await migrateModuleTables(knex, tables, { skip: true });
      expect(await knex.schema.hasTable('home_example_things')).toBe(false);

      await knex.migrate.latest(
        moduleMigrations(tables, { to: '20261124_init' }),
      );
      expect(await knex.schema.hasTable('home_example_things')).toBe(true);
      expect(await knex.schema.hasColumn('home_example_things', 'note')).toBe(
        false,
      );
    },
  );
});
