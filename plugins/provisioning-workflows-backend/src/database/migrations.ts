import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The folder of this plugin's knex migrations. */
export const MIGRATIONS_DIR = resolvePackagePath(
  '@internal/plugin-provisioning-workflows-backend',
  'migrations',
);

/** Runs every pending migration. Shared by the store and the tests. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
}
