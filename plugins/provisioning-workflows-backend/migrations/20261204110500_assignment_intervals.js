// @ts-check

/**
 * Assignment history for backtests: who held which instance through which
 * group (tier) from when to when. The inventory sync closes an interval
 * when an assignment changes or goes and opens one when it appears, in the
 * transaction of its write; the first sync also reads Okta's System Log
 * (group membership events) for what happened before it. Current
 * assignments are copied in as open intervals.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('assignment_intervals', table => {
    table.comment(
      'Who held each instance through which group, from when to when (the backtest history)',
    );
    table.bigIncrements('id');
    table.string('instance_id', 64).notNullable();
    table.string('okta_user_id', 64).notNullable();
    table.string('scope', 8).notNullable().comment('USER or GROUP');
    table
      .string('group_id', 64)
      .nullable()
      .comment('The group the instance came through (its tier), if any');
    table
      .bigInteger('from_ms')
      .notNullable()
      .comment('Start of this interval (this scope and group)');
    table
      .bigInteger('to_ms')
      .nullable()
      .comment('End (exclusive); null while it holds');
    table
      .bigInteger('first_seen_ms')
      .notNullable()
      .comment(
        'Since when the person held the instance without a break (a tier change keeps it)',
      );
    table
      .string('first_seen_day', 10)
      .notNullable()
      .comment('first_seen_ms as a UTC day, YYYY-MM-DD');
    table.string('source', 8).notNullable().comment('sync or okta-log');
    table.index(
      ['instance_id', 'okta_user_id', 'from_ms'],
      'assignment_intervals_person_idx',
    );
    table.index(['instance_id', 'from_ms'], 'assignment_intervals_from_idx');
  });
  const day = (/** @type {number} */ ms) =>
    new Date(ms).toISOString().slice(0, 10);
  const rows = await knex('assignments').select();
  const batch = [];
  for (const r of rows) {
    const firstSeen = Number(r.first_seen_ms);
    const removed = r.removed_ms === null ? null : Number(r.removed_ms);
    if (removed !== null && removed <= firstSeen) continue;
    batch.push({
      instance_id: r.instance_id,
      okta_user_id: r.okta_user_id,
      scope: r.scope,
      group_id: r.group_id,
      from_ms: firstSeen,
      to_ms: removed,
      first_seen_ms: firstSeen,
      first_seen_day: day(firstSeen),
      source: 'sync',
    });
    if (batch.length >= 200) {
      await knex('assignment_intervals').insert(batch.splice(0));
    }
  }
  if (batch.length) await knex('assignment_intervals').insert(batch);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('assignment_intervals');
};
