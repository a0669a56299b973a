// @ts-check

/**
 * Licenses given back after a workflow took them: one row per action
 * restored (a second restore of the same action finds this one), recorded
 * against the run, the action and the rule that took the license away.
 * `monthly_saving` is the action's, so that savings net of restores are
 * sum(done actions) - sum(restores with status done). `restored_at_ms` is
 * set when the license is back (status done).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('restores', table => {
    table.comment(
      'Licenses given back after a workflow reclaimed or downgraded them',
    );
    table.uuid('id').primary();
    table.uuid('action_id').notNullable().unique('restores_action_idx');
    table.uuid('run_id').notNullable();
    table.string('instance_id', 64).notNullable();
    table.integer('rule').notNullable().comment("Index of the run's rule");
    table.string('rule_name', 255).notNullable();
    table.string('okta_user_id', 64).notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('action', 16).notNullable().comment('What was undone');
    table.string('tier', 64).nullable().comment('The tier given back');
    table.decimal('monthly_saving', 12, 2).notNullable();
    table.string('status', 16).notNullable().comment('queued, done or failed');
    table.string('requested_by', 255).notNullable();
    table.bigInteger('requested_at_ms').notNullable();
    table.bigInteger('restored_at_ms').nullable();
    table.text('detail').nullable();
    table.index(['instance_id', 'status'], 'restores_instance_status_idx');
    table.index(['run_id'], 'restores_run_idx');
    table.index(['okta_user_id'], 'restores_user_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('restores');
};
