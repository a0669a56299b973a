// @ts-check

/**
 * A version number of the Home catalog, bumped on every change, so each
 * backend replica can keep the catalog in memory and notice changes made by
 * the others with one small query; and the app owners as rows, so the
 * permission rule "is app owner" filters in SQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_catalog_state', table => {
    table.comment('One row: the version of the Home catalog');
    table.integer('id').primary();
    table
      .bigInteger('version')
      .notNullable()
      .comment('Bumped in the same transaction as every home_apps change');
  });
  await knex('home_catalog_state').insert({ id: 1, version: 1 });

  await knex.schema.createTable('home_app_owners', table => {
    table.comment('Owners (user or group refs) of each app in Home');
    table
      .string('app_key', 255)
      .notNullable()
      .references('app_key')
      .inTable('home_apps')
      .onDelete('CASCADE');
    table.string('owner', 255).notNullable();
    table.primary(['app_key', 'owner']);
    table.index(['owner'], 'home_app_owners_owner_idx');
  });
  const apps = await knex('home_apps').select('app_key', 'definition');
  const owners = apps.flatMap(a =>
    [...new Set(JSON.parse(a.definition).owners ?? [])].map(owner => ({
      app_key: a.app_key,
      owner,
    })),
  );
  if (owners.length) await knex('home_app_owners').insert(owners);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('home_app_owners');
  await knex.schema.dropTable('home_catalog_state');
};
