import { Knex } from 'knex';

/** The table's migrations, named after the table so several can coexist. */
export function migrationsFor(table: string): Knex.MigrationSource<string> {
  const migrations: Record<
    string,
    { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> }
  > = {
    '20261124_create': {
      async up(knex) {
        await knex.schema.createTable(table, t => {
          t.comment('Durable jobs: external calls with retries and leases');
          t.string('id', 36).primary();
          t.string('type', 64).notNullable();
          t.string('key', 255).notNullable().unique();
          t.text('payload').notNullable();
          t.string('status', 16).notNullable();
          t.integer('attempts').notNullable();
          t.integer('max_attempts').notNullable();
          t.bigInteger('run_after_ms').notNullable();
          t.string('locked_by', 255).nullable();
          t.bigInteger('locked_until_ms').nullable();
          t.text('last_error').nullable();
          t.text('result').nullable();
          t.bigInteger('created_at_ms').notNullable();
          t.bigInteger('updated_at_ms').notNullable();
          t.index(['status', 'run_after_ms'], `${table}_due_idx`);
          t.index(['created_at_ms'], `${table}_created_idx`);
        });
      },
      async down(knex) {
        await knex.schema.dropTable(table);
      },
    },
    // Claims read queued jobs in run order and expired leases by expiry;
    // each gets an index it can scan in order and stop early.
    '20261125_claim_indexes': {
      async up(knex) {
        await knex.schema.alterTable(table, t => {
          t.dropIndex(['status', 'run_after_ms'], `${table}_due_idx`);
          t.index(
            ['status', 'run_after_ms', 'created_at_ms'],
            `${table}_queued_idx`,
          );
          t.index(['status', 'locked_until_ms'], `${table}_lease_idx`);
        });
      },
      async down(knex) {
        await knex.schema.alterTable(table, t => {
          t.dropIndex([], `${table}_queued_idx`);
          t.dropIndex([], `${table}_lease_idx`);
          t.index(['status', 'run_after_ms'], `${table}_due_idx`);
        });
      },
    },
    // Retention deletes finished jobs oldest first, in batches, by status.
    '20261203_finished_index': {
      async up(knex) {
        await knex.schema.alterTable(table, t => {
          t.index(['status', 'updated_at_ms', 'id'], `${table}_finished_idx`);
        });
      },
      async down(knex) {
        await knex.schema.alterTable(table, t => {
          t.dropIndex([], `${table}_finished_idx`);
        });
      },
    },
  };
  return {
    getMigrations: async () => Object.keys(migrations),
    getMigrationName: name => name,
    getMigration: async name => migrations[name],
  };
}
