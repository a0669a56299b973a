// @ts-check

/**
 * Escalation of overdue approvals: the approvers added to a level because
 * nobody decided within its service level, and one row per escalated level,
 * whose primary key is what makes a level escalate once, whichever replica
 * gets there first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('approvals', table => {
    table
      .boolean('via_escalation')
      .notNullable()
      .defaultTo(false)
      .comment('Asked because the level was overdue (escalation)');
  });
  await knex.schema.createTable('request_escalations', table => {
    table.comment(
      'Approval levels escalated after their service level; one row per level, ever',
    );
    table
      .uuid('request_id')
      .notNullable()
      .references('id')
      .inTable('requests')
      .onDelete('CASCADE');
    table.integer('level').notNullable();
    table.bigInteger('escalated_at_ms').notNullable();
    table
      .text('approvers')
      .notNullable()
      .comment('JSON array of the entity refs asked because of it');
    table.primary(['request_id', 'level']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('request_escalations');
  await knex.schema.alterTable('approvals', table => {
    table.dropColumn('via_escalation');
  });
};
