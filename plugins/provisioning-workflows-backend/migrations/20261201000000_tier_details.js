// @ts-check

/**
 * License tiers as admins describe them: a display name, a description and
 * the licensed seat count. All optional: suggested tiers and tiers saved
 * before this migration show a name derived from their Okta group.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('license_tiers', table => {
    table
      .string('display_name', 64)
      .nullable()
      .comment(
        'Name people see, e.g. Viewer; derived from the group when null',
      );
    table.string('description', 500).nullable();
    table
      .integer('seats')
      .nullable()
      .comment('Licensed seats of the tier, when known');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('license_tiers', table => {
    table.dropColumn('seats');
    table.dropColumn('description');
    table.dropColumn('display_name');
  });
};
