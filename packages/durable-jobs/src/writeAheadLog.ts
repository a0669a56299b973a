import { Knex } from 'knex';

/**
 * Puts a SQLite file in write-ahead-log mode (PostgreSQL and in-memory
 * SQLite are left as they are). Each job is several small commits; with
 * SQLite's default rollback journal every commit syncs the file and its
 * journal (about 2.5 ms), and better-sqlite3 runs on the event loop, so the
 * whole process stalls on each. In WAL mode a commit appends to the log
 * (about 0.3 ms), and readers in other processes are not blocked by writers.
 * Returns the journal mode in force.
 */
export async function useWriteAheadLog(
  knex: Knex,
): Promise<string | undefined> {
  const client = String(knex.client.config.client ?? '');
  if (!/sqlite/.test(client)) return undefined;
  const rows = await knex.raw('PRAGMA journal_mode = WAL');
  const first = Array.isArray(rows) ? rows[0] : rows;
  return first?.journal_mode;
}
