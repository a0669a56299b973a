export const DAY_MS = 24 * 3600 * 1000;

/** UTC day of an epoch-ms time, `YYYY-MM-DD`. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A nullable number column (bigints come back as strings on PostgreSQL). */
export const num = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);

/** A nullable epoch-ms column as an ISO time. */
export const iso = (v: unknown) =>
  v === null || v === undefined ? undefined : new Date(Number(v)).toISOString();

/** Batches that keep statements under the databases' parameter limits. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** The rows of a `knex.raw` result: an array on SQLite, `{ rows }` on PostgreSQL. */
export function rawRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? result : (result as { rows: T[] }).rows;
}
