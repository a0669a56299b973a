// @ts-check

/**
 * At most one open request per person, app and tier, enforced by the
 * database: two submissions racing on two replicas cannot both succeed, and
 * the duplicate check costs no extra query.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `CREATE UNIQUE INDEX requests_one_open_idx ON requests (requester, app_key, tier)
     WHERE status IN ('pending_approval', 'approved', 'fulfilling')`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX requests_one_open_idx');
};
