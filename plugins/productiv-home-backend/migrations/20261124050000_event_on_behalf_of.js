// @ts-check

/**
 * Decisions an admin made for the approvers of a level (override): the
 * history event names the approvers it was made on behalf of.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('request_events', table => {
    table
      .text('on_behalf_of')
      .nullable()
      .comment(
        'JSON array of the approvers an admin decided for; null when the actor decided as themselves',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('request_events', table => {
    table.dropColumn('on_behalf_of');
  });
};
