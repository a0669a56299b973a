// @ts-check

/**
 * A daily snapshot per app instance of what its licenses cost, for the
 * savings dashboard's spend over time. The inventory sync writes one row
 * per instance and UTC day after each successful sync; a later sync on the
 * same day overwrites that day's row, so the table holds one row per
 * instance and day (a year of 200 apps is 73,000 small rows).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('app_spend_daily', table => {
    table.comment(
      'Seats held, unused seats and monthly spend per instance and UTC day, as of the last sync of that day',
    );
    table.string('instance_id', 64).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.integer('seats_held').notNullable();
    table
      .integer('unused_seats')
      .notNullable()
      .comment('Holders with no sign-in to the instance in the 30 days before');
    table
      .decimal('spend', 14, 2)
      .notNullable()
      .comment('Held seats times their tier monthly price (priced tiers only)');
    table
      .integer('unpriced_seats')
      .notNullable()
      .comment('Held seats whose tier has no price');
    table.bigInteger('recorded_at_ms').notNullable();
    table.primary(['instance_id', 'day']);
    table.index(['day'], 'app_spend_daily_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('app_spend_daily');
};
