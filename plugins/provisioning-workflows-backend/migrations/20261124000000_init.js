// @ts-check

/**
 * Runs of background jobs (inventory sync, activity ingest, workflows): when
 * they ran, what they read and changed, and the error when they failed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('runs', table => {
    table.comment('Runs of background jobs with their outcome');
    table.uuid('id').primary().notNullable();
    table
      .string('kind', 32)
      .notNullable()
      .comment('inventory-sync, activity-ingest or workflow');
    table
      .string('status', 16)
      .notNullable()
      .comment('running, succeeded or failed');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('stats').notNullable().comment('JSON counters');
    table.text('error').nullable();
    table.index(['kind', 'started_at'], 'runs_kind_started_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runs');
};
