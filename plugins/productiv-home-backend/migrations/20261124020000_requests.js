// @ts-check

/**
 * The Home catalog (apps offered, with their approval and fulfillment
 * settings), access requests, their approvals and their full history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('home_apps', table => {
    table.comment('Apps offered in Productiv Home');
    table
      .string('app_key', 255)
      .primary()
      .comment('The inventory app (product) key');
    table.text('definition').notNullable().comment('JSON HomeApp');
    table.string('updated_by', 255).notNullable();
    table.bigInteger('updated_at_ms').notNullable();
  });
  await knex.schema.createTable('requests', table => {
    table.comment('Access requests; every change also writes request_events');
    table.uuid('id').primary();
    table.string('requester', 255).notNullable();
    table.string('app_key', 255).notNullable();
    table.string('tier', 64).notNullable();
    table.text('justification').nullable();
    table.string('status', 32).notNullable();
    table
      .integer('level')
      .nullable()
      .comment('Approval level pending, when pending');
    table
      .integer('version')
      .notNullable()
      .comment('Optimistic concurrency: bumped on every change');
    table.bigInteger('created_at_ms').notNullable();
    table.bigInteger('updated_at_ms').notNullable();
    table.index(['requester', 'status'], 'requests_requester_status_idx');
    table.index(['status'], 'requests_status_idx');
  });
  await knex.schema.createTable('approvals', table => {
    table.comment(
      'Who approves a request at each level, and what they decided',
    );
    table
      .uuid('request_id')
      .notNullable()
      .references('id')
      .inTable('requests')
      .onDelete('CASCADE');
    table.integer('level').notNullable();
    table.string('approver', 255).notNullable();
    table.boolean('via_fallback').notNullable();
    table.string('decision', 16).nullable();
    table.bigInteger('decided_at_ms').nullable();
    table.integer('reminders_sent').notNullable();
    table
      .bigInteger('requested_at_ms')
      .notNullable()
      .comment('When this approver was asked; reminders count from here');
    table.primary(['request_id', 'level', 'approver']);
    table.index(['approver', 'decision'], 'approvals_approver_decision_idx');
  });
  await knex.schema.createTable('request_events', table => {
    table.comment('Full history of every request: who did what and when');
    table.bigIncrements('id');
    table
      .uuid('request_id')
      .notNullable()
      .references('id')
      .inTable('requests')
      .onDelete('CASCADE');
    table.bigInteger('at_ms').notNullable();
    table.string('actor', 255).notNullable();
    table.string('type', 32).notNullable();
    table.integer('level').nullable();
    table.text('comment').nullable();
    table.string('status', 32).notNullable();
    table.index(['request_id'], 'request_events_request_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('request_events');
  await knex.schema.dropTable('approvals');
  await knex.schema.dropTable('requests');
  await knex.schema.dropTable('home_apps');
};
