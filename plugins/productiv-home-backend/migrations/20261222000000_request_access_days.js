// @ts-check

/**
 * How long a request asks for access: 30, 90 or 180 days, or permanent
 * (null). Stored with the request; acting on it at expiry comes later.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('requests', table => {
    table
      .integer('access_days')
      .nullable()
      .comment('Days of access asked for (30, 90, 180); null for permanent');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('requests', table => {
    table.dropColumn('access_days');
  });
};
