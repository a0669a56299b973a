// @ts-check

/**
 * Time-bound access: one row per fulfilled request that asked for a
 * duration (the grant), with its expiry, computed from the fulfillment time
 * and moved by approved extensions. A grant ends once: removed at expiry
 * (through a request of kind `expire`, the path of a return), or found gone
 * from the inventory (removed in Okta by hand). Requests of kind `extend`
 * and `expire` name the grant they are about (`grant_id`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_grants', table => {
    table
      .string('request_id', 64)
      .primary()
      .comment('The request that granted the access');
    table.string('requester', 255).notNullable();
    table.string('app_key', 255).notNullable();
    table.string('tier', 64).notNullable();
    table
      .string('approver', 255)
      .nullable()
      .comment('The approver of record (the last to approve), if any');
    table.bigInteger('granted_at_ms').notNullable();
    table.bigInteger('expires_at_ms').notNullable();
    table
      .string('status', 32)
      .notNullable()
      .comment('active, expiring (removal requested), removed, ended');
    table
      .bigInteger('seen_at_ms')
      .nullable()
      .comment('When the inventory last showed the holding');
    table.bigInteger('ended_at_ms').nullable();
    table.string('end_reason', 64).nullable();
    table
      .string('removal_request_id', 64)
      .nullable()
      .comment('The expire request that removes it');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['status', 'expires_at_ms'], 'home_grants_due_idx');
    table.index(['requester'], 'home_grants_requester_idx');
  });
  await knex.schema.alterTable('requests', table => {
    table
      .string('grant_id', 64)
      .nullable()
      .comment('For extend and expire requests: the grant they are about');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('requests', table => {
    table.dropColumn('grant_id');
  });
  await knex.schema.dropTable('home_grants');
};
