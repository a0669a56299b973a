// @ts-check

/**
 * A request to change tier: the tier the person held when they asked, so
 * approvers see "Viewer → Explorer" and fulfillment takes the old one away.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('requests', table => {
    table
      .string('from_tier', 64)
      .nullable()
      .comment(
        'The tier the requester held when asking (a tier change); null for a first grant',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('requests', table => {
    table.dropColumn('from_tier');
  });
};
