import { DatabaseService } from '@backstage/backend-plugin-api';

/**
 * The knex client of the plugin's database, as modules get it from
 * `database.getClient()`.
 */
type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** A knex migrator config, as `knex.migrate.latest` takes it. */
type MigratorConfig = NonNullable<Parameters<Knex['migrate']['latest']>[0]>;

/**
 * One migration of a module's tables, written in code.
 *
 * @public
 */
export type ModuleMigration = {
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
};

/**
 * A module's tables on the plugin's database and the migrations that make
 * them, by name; names sort in the order they run (e.g. `20261124_init`).
 *
 * @public
 */
export type ModuleTables = {
  /**
   * The module's short name: its migrations are recorded in its own table,
   * `productiv_home_module_<name>__knex_migrations`, so that they never mix
   * with the plugin's or another module's.
   */
  name: string;
  migrations: Record<string, ModuleMigration>;
};

/**
 * Where a module's migrations come from and are recorded, for
 * `knex.migrate`; `to` stops at one of them (for migration tests).
 *
 * @public
 */
export function moduleMigrations(
  tables: ModuleTables,
  options?: { to?: string },
): MigratorConfig {
  const names = Object.keys(tables.migrations).sort();
  const last = options?.to ?? names[names.length - 1];
  return {
    tableName: `productiv_home_module_${tables.name}__knex_migrations`,
    migrationSource: {
      getMigrations: async () => names.filter(n => n <= last),
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => tables.migrations[name],
    },
  };
}

/**
 * Brings a module's tables up to date, unless `skip` (the plugin's
 * `database.migrations.skip`).
 *
 * @public
 */
export async function migrateModuleTables(
  knex: Knex,
  tables: ModuleTables,
  options?: { skip?: boolean },
): Promise<void> {
  if (options?.skip) return;
  await knex.migrate.latest(moduleMigrations(tables));
}
