// @ts-check

/**
 * Global settings of Productiv Home (default approvers, fallback approver,
 * reminders...), one JSON document per key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_settings', table => {
    table.comment('Global Productiv Home settings, one JSON document per key');
    table.string('key', 64).primary().notNullable();
    table.text('value').notNullable().comment('JSON document');
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('home_settings');
};
