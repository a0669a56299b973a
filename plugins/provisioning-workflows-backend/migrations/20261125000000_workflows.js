// @ts-check

/**
 * Provisioning workflows: one workflow per app instance, exempt lists, runs,
 * the actions of each run, and the audit events of all of it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('people', table => {
    table
      .bigInteger('okta_created_ms')
      .nullable()
      .comment(
        'When the Okta account was created: the hire date for new-hire exemptions',
      );
  });
  await knex.schema.createTable('workflows', table => {
    table.comment('The provisioning workflow of an app instance');
    table.string('instance_id', 64).primary();
    table.string('status', 16).notNullable().comment('active or paused');
    table.text('definition').notNullable().comment('JSON WorkflowDefinition');
    table.string('schedule', 64).nullable().comment('Five-field cron (UTC)');
    table
      .bigInteger('next_run_ms')
      .nullable()
      .comment('Next scheduled run; null when paused or unscheduled');
    table.string('updated_by', 255).notNullable();
    table.bigInteger('updated_at_ms').notNullable();
  });
  await knex.schema.createTable('workflow_exemptions', table => {
    table.comment('People and groups no workflow acts on');
    table.uuid('id').primary();
    table.string('scope', 64).notNullable().comment('global or an instance id');
    table.string('kind', 8).notNullable().comment('user or group');
    table
      .string('value', 320)
      .notNullable()
      .comment('Lower-case e-mail or group entity ref');
    table.string('note', 255).nullable();
    table.string('added_by', 255).notNullable();
    table.bigInteger('added_at_ms').notNullable();
    table.unique(['scope', 'kind', 'value'], {
      indexName: 'workflow_exemptions_unique_idx',
    });
  });
  await knex.schema.createTable('workflow_runs', table => {
    table.comment('Runs of workflows: manual, scheduled, dry runs');
    table.uuid('id').primary();
    table.string('instance_id', 64).notNullable();
    table.string('trigger', 16).notNullable().comment('manual or schedule');
    table
      .bigInteger('scheduled_for_ms')
      .nullable()
      .comment(
        'The schedule slot; unique per instance so replicas start it once',
      );
    table.boolean('dry_run').notNullable();
    table.string('mode', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('definition').notNullable().comment('The workflow as it ran');
    table.string('actor', 255).notNullable();
    table.bigInteger('started_at_ms').notNullable();
    table.bigInteger('deadline_ms').nullable();
    table.bigInteger('finished_at_ms').nullable();
    table.text('error').nullable();
    table.unique(['instance_id', 'scheduled_for_ms'], {
      indexName: 'workflow_runs_schedule_slot_idx',
    });
    table.index(['instance_id', 'started_at_ms'], 'workflow_runs_instance_idx');
    table.index(['status'], 'workflow_runs_status_idx');
  });
  await knex.schema.createTable('workflow_actions', table => {
    table.comment('What a run does to each person, and the outcome');
    table.uuid('id').primary();
    table.uuid('run_id').notNullable();
    table.string('instance_id', 64).notNullable();
    table.string('okta_user_id', 64).notNullable();
    table.string('email', 320).nullable();
    table.string('display_name', 255).nullable();
    table.integer('rule').notNullable();
    table.string('action', 16).notNullable();
    table.string('from_tier', 64).nullable();
    table.string('to_tier', 64).nullable();
    table.string('from_group_id', 64).nullable();
    table.string('to_group_id', 64).nullable();
    table.string('scope', 8).notNullable().comment('USER or GROUP assignment');
    table.string('status', 16).notNullable();
    table.decimal('monthly_saving', 12, 2).notNullable();
    table
      .bigInteger('last_sign_in_ms')
      .nullable()
      .comment(
        'Last sign-in when planned: a later one means the person is back',
      );
    table.bigInteger('deadline_ms').nullable();
    table.text('detail').nullable();
    table.string('decided_by', 255).nullable();
    table.bigInteger('updated_at_ms').notNullable();
    table.unique(['run_id', 'okta_user_id'], {
      indexName: 'workflow_actions_run_user_idx',
    });
    table.index(
      ['instance_id', 'status'],
      'workflow_actions_instance_status_idx',
    );
    table.index(['okta_user_id', 'status'], 'workflow_actions_user_status_idx');
  });
  await knex.schema.createTable('workflow_events', table => {
    table.comment(
      'Audit events of workflows: every run and action, kept forever',
    );
    table.bigIncrements('id').primary().comment('The cursor of the events API');
    table.bigInteger('at_ms').notNullable();
    table.string('type', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('app_key', 255).nullable();
    table.string('instance_id', 64).nullable();
    table.uuid('run_id').nullable();
    table.uuid('action_id').nullable();
    table.text('detail').notNullable();
    table.index(['at_ms'], 'workflow_events_at_idx');
    table.index(['app_key', 'id'], 'workflow_events_app_idx');
    table.index(['run_id'], 'workflow_events_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const t of [
    'workflow_events',
    'workflow_actions',
    'workflow_runs',
    'workflow_exemptions',
    'workflows',
  ]) {
    await knex.schema.dropTable(t);
  }
  await knex.schema.alterTable('people', table => {
    table.dropColumn('okta_created_ms');
  });
};
