// @ts-check

/**
 * What a request asks for: a grant (access to a tier, or a change of tier)
 * or a return (the requester gives back the tier they hold, which frees a
 * seat and needs no approval). Existing requests are grants.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('requests', table => {
    table
      .string('kind', 16)
      .notNullable()
      .defaultTo('grant')
      .comment(
        "'grant' (access to tier, or a change from from_tier) or 'return' (the requester gives tier back)",
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('requests', table => {
    table.dropColumn('kind');
  });
};
