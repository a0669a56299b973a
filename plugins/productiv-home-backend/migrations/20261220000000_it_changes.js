// @ts-check

/**
 * Changes another plugin asks IT to make (provisioning workflows' reclaims
 * and downgrades that Okta cannot make): one row per caller's idempotency
 * key, written in the transaction that creates the `reclaim` request, so
 * that a repeated call finds its request and never opens a second ticket.
 * It keeps what the ticket says about an app that may not be in Home's
 * catalog (the inventory's names) and why the change was decided.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_it_changes', table => {
    table.comment(
      'Reclaims and downgrades other plugins hand to IT, one per idempotency key of the caller',
    );
    table
      .string('idempotency_key', 255)
      .primary()
      .comment('The key of the caller (provisioning workflows: the action id)');
    table
      .string('caller', 255)
      .notNullable()
      .comment(
        'Subject of the service that asked, e.g. plugin:provisioning-workflows',
      );
    table
      .uuid('request_id')
      .notNullable()
      .references('id')
      .inTable('requests')
      .onDelete('CASCADE');
    table.string('change', 16).notNullable().comment("'remove' or 'downgrade'");
    table.string('app_name', 255).notNullable();
    table.string('instance_label', 255).nullable();
    table.string('okta_app_id', 255).nullable();
    table.string('from_tier_name', 255).nullable();
    table.string('to_tier_name', 255).nullable();
    table.string('person_email', 320).nullable();
    table.text('reason').notNullable().comment('Why it was decided (the rule)');
    table.text('link').nullable().comment('The page of the caller about it');
    table.bigInteger('created_at_ms').notNullable();
    table.index(['request_id'], 'home_it_changes_request_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('home_it_changes');
};
