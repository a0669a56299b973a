// @ts-check

/**
 * App inventory synced from Okta and SSO activity ingested from its System Log.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('people', table => {
    table.comment(
      'Catalog users matched to Okta users; either side may be missing',
    );
    table
      .string('email', 320)
      .primary()
      .comment('Lower-case e-mail: the match key');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('Catalog user, null when only in Okta');
    table
      .string('okta_user_id', 64)
      .nullable()
      .comment('Okta user, null when only in the catalog');
    table.string('okta_status', 32).nullable();
    table.string('display_name', 255).nullable();
    table.string('title', 255).nullable();
    table.string('department', 255).nullable();
    table.string('manager_okta_id', 64).nullable();
    table.bigInteger('updated_at_ms').notNullable();
    table.index(['okta_user_id'], 'people_okta_user_id_idx');
    table.index(['entity_ref'], 'people_entity_ref_idx');
    table.index(['title'], 'people_title_idx');
    table.index(['department'], 'people_department_idx');
  });
  await knex.schema.createTable('person_teams', table => {
    table.comment('Catalog team memberships (memberOf) of matched people');
    table.string('entity_ref', 255).notNullable();
    table.string('group_ref', 255).notNullable();
    table.primary(['entity_ref', 'group_ref']);
    table.index(['group_ref'], 'person_teams_group_ref_idx');
  });
  await knex.schema.createTable('app_instances', table => {
    table.comment(
      'One Okta app is one instance; instances of one product share app_key',
    );
    table.string('id', 64).primary().comment('Okta app id');
    table
      .string('app_key', 255)
      .notNullable()
      .comment('Okta app name, e.g. salesforce');
    table.string('label', 255).notNullable();
    table.string('sign_on_mode', 64).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('ACTIVE, INACTIVE or REMOVED (gone from Okta)');
    table.bigInteger('first_seen_ms').notNullable();
    table.bigInteger('removed_ms').nullable();
    table.index(['app_key'], 'app_instances_app_key_idx');
  });
  await knex.schema.createTable('instance_groups', table => {
    table.comment('Okta groups assigned to an instance');
    table.string('instance_id', 64).notNullable();
    table.string('group_id', 64).notNullable();
    table.string('group_name', 255).notNullable();
    table.integer('priority').notNullable();
    table.primary(['instance_id', 'group_id']);
  });
  await knex.schema.createTable('license_tiers', table => {
    table.comment(
      'License tiers of an instance: tier name to Okta group, optional monthly price',
    );
    table.string('instance_id', 64).notNullable();
    table.string('tier', 64).notNullable();
    table.string('group_id', 64).nullable();
    table.decimal('monthly_price', 12, 2).nullable();
    table.string('source', 16).notNullable().comment('admin or suggested');
    table
      .integer('rank')
      .notNullable()
      .comment('Order of the tiers, lowest first');
    table.string('updated_by', 255).nullable();
    table.bigInteger('updated_at_ms').notNullable();
    table.primary(['instance_id', 'tier']);
  });
  await knex.schema.createTable('assignments', table => {
    table.comment(
      'Who is assigned to each instance and through which group; removed ones are kept',
    );
    table.string('instance_id', 64).notNullable();
    table.string('okta_user_id', 64).notNullable();
    table.string('scope', 8).notNullable().comment('USER or GROUP');
    table.string('group_id', 64).nullable();
    table.bigInteger('first_seen_ms').notNullable();
    table.bigInteger('removed_ms').nullable();
    table.primary(['instance_id', 'okta_user_id']);
    table.index(['okta_user_id'], 'assignments_okta_user_id_idx');
  });
  await knex.schema.createTable('activity_daily', table => {
    table.comment('SSO sign-ins per user, instance and UTC day');
    table.string('okta_user_id', 64).notNullable();
    table.string('instance_id', 64).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.integer('sign_ins').notNullable();
    table.primary(['okta_user_id', 'instance_id', 'day']);
    table.index(['instance_id', 'day'], 'activity_daily_instance_day_idx');
  });
  await knex.schema.createTable('activity_last', table => {
    table.comment('Last SSO sign-in per user and instance');
    table.string('okta_user_id', 64).notNullable();
    table.string('instance_id', 64).notNullable();
    table.bigInteger('last_sign_in_ms').notNullable();
    table.primary(['okta_user_id', 'instance_id']);
    table.index(['instance_id'], 'activity_last_instance_idx');
  });
  await knex.schema.createTable('activity_seen_events', table => {
    table.comment(
      'Uuids of recent events, to count events read twice (window overlap) once',
    );
    table.string('uuid', 64).primary();
    table.bigInteger('published_ms').notNullable();
    table.index(['published_ms'], 'activity_seen_events_published_idx');
  });
  await knex.schema.createTable('ingest_state', table => {
    table.comment('High-water marks of the ingests');
    table.string('source', 64).primary();
    table.bigInteger('high_water_ms').notNullable();
    table.bigInteger('updated_at_ms').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'ingest_state',
    'activity_seen_events',
    'activity_last',
    'activity_daily',
    'assignments',
    'license_tiers',
    'instance_groups',
    'app_instances',
    'person_teams',
    'people',
  ]) {
    await knex.schema.dropTable(table);
  }
};
