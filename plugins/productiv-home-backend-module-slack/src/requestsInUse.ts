import { OPEN_REQUEST_STATUSES } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';

/** Request ids are UUIDs; anything else names no request. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which of these requests may still use their Slack posts: those still open
 * (a reminder threads under the approval message, a decision updates every
 * message with buttons) and those that finished (decided, cancelled,
 * expired, fulfilled, failed) at or after `finishedBeforeMs`, whose last
 * updates may still be on their way.
 *
 * Reads Productiv Home's `requests` table: this module runs on the plugin's
 * database, and a request's status is the plugin's to say. A request that is
 * not there (none has that id) needs nothing.
 */
export async function requestsInUse(
  knex: Knex,
  ids: string[],
  finishedBeforeMs: number,
): Promise<string[]> {
  const real = ids.filter(id => UUID.test(id));
  if (!real.length) return [];
  const rows: Array<{ id: string }> = await knex('requests')
    .whereIn('id', real)
    .where(q =>
      q
        .whereIn('status', OPEN_REQUEST_STATUSES)
        .orWhere('updated_at_ms', '>=', finishedBeforeMs),
    )
    .select('id');
  // PostgreSQL's uuid comes back lower-case; the posts keep what was given.
  const inUse = new Set(rows.map(r => String(r.id).toLowerCase()));
  return real.filter(id => inUse.has(id.toLowerCase()));
}
