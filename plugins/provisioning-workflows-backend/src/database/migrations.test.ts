import { TestDatabases } from '@backstage/backend-test-utils';
import { MIGRATIONS_DIR } from './migrations';

jest.setTimeout(60_000);

const TABLES_BY_MIGRATION = [
  ['runs'],
  [
    'people',
    'person_teams',
    'app_instances',
    'instance_groups',
    'license_tiers',
    'assignments',
    'activity_daily',
    'activity_last',
    'activity_seen_events',
    'ingest_state',
  ],
];

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'runs each migration up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const exists = async (tables: string[]) =>
        Promise.all(tables.map(t => knex.schema.hasTable(t)));

      // Up, one migration at a time, with data in between.
      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      expect(await exists(TABLES_BY_MIGRATION[0])).toEqual([true]);
      await knex('runs').insert({
        id: '6f2c0b4e-2f0e-4a4b-9a55-0d6f1d0f3b11',
        kind: 'inventory-sync',
        status: 'running',
        started_at: new Date(),
        stats: '{}',
      });
      await knex.migrate.up({ directory: MIGRATIONS_DIR });
      expect(await exists(TABLES_BY_MIGRATION[1])).toEqual(
        TABLES_BY_MIGRATION[1].map(() => true),
      );
      await knex('activity_daily').insert({
        okta_user_id: '00u1',
        instance_id: '0oa1',
        day: '2026-11-01',
        sign_ins: 3,
      });
      expect(await knex('runs').pluck('kind')).toEqual(['inventory-sync']);

      // Down, one at a time: the first migration's data survives the second's rollback.
      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await exists(TABLES_BY_MIGRATION[1])).toEqual(
        TABLES_BY_MIGRATION[1].map(() => false),
      );
      expect(await knex('runs').pluck('kind')).toEqual(['inventory-sync']);
      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasTable('runs')).toBe(false);

      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      expect(await exists(TABLES_BY_MIGRATION.flat())).toEqual(
        TABLES_BY_MIGRATION.flat().map(() => true),
      );
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'adds the tier details to existing tiers and takes them away again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const migrate = (name: string) =>
        knex.migrate.up({ directory: MIGRATIONS_DIR, name });
      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
      // Back to before the tier details, with a tier saved then.
      while (
        (await knex.migrate.currentVersion({ directory: MIGRATIONS_DIR })) >
        '20261125000000'
      ) {
        await knex.migrate.down({ directory: MIGRATIONS_DIR });
      }
      expect(await knex.schema.hasColumn('license_tiers', 'seats')).toBe(false);
      await knex('license_tiers').insert({
        instance_id: '0oa1',
        tier: 'viewer',
        group_id: '00g1',
        monthly_price: 12,
        source: 'admin',
        rank: 0,
        updated_at_ms: 1,
      });
      await migrate('20261201000000_tier_details.js');
      const [row] = await knex('license_tiers');
      expect(row).toMatchObject({
        tier: 'viewer',
        display_name: null,
        description: null,
        seats: null,
      });
      await knex('license_tiers').update({
        display_name: 'Viewer',
        description: 'Sees dashboards',
        seats: 40,
      });
      await knex.migrate.down({ directory: MIGRATIONS_DIR });
      expect(await knex.schema.hasColumn('license_tiers', 'seats')).toBe(false);
      expect(await knex('license_tiers').pluck('tier')).toEqual(['viewer']);
      await knex.destroy();
    },
  );
});
