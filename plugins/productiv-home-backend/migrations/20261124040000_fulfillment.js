// @ts-check

/**
 * How an approved request is being fulfilled: the provider that took it,
 * the ticket it opened (id and link), and why it failed, for admins.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('requests', table => {
    table
      .string('fulfillment_provider', 64)
      .nullable()
      .comment('okta, jira-service-management, zendesk, email');
    table
      .string('external_id', 255)
      .nullable()
      .comment('The ticket opened for the request, in its system');
    table.text('external_url').nullable();
    table
      .text('failure_reason')
      .nullable()
      .comment('Why fulfillment failed, shown to admins');
    table.index(['fulfillment_provider', 'external_id'], 'requests_ticket_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('requests', table => {
    table.dropIndex(
      ['fulfillment_provider', 'external_id'],
      'requests_ticket_idx',
    );
    table.dropColumn('fulfillment_provider');
    table.dropColumn('external_id');
    table.dropColumn('external_url');
    table.dropColumn('failure_reason');
  });
};
