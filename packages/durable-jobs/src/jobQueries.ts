import { Knex } from 'knex';
import { JobRow, toJob } from './jobRows';
import type { JobStore } from './JobStore';
import { Job, JobStatus } from './jobTypes';

/** The read side of the job table: single jobs, pages and counts. */

/** One job by id or by its idempotency key. */
export async function findJob(
  knex: Knex,
  table: string,
  where: { id: string } | { key: string },
): Promise<Job | undefined> {
  const row = await knex(table).where(where).first();
  return row ? toJob(row) : undefined;
}

/** Jobs, newest first, a page at a time (`cursor`: the last id of the previous page). */
export async function listJobs(
  knex: Knex,
  table: string,
  options: Parameters<JobStore['list']>[0],
): ReturnType<JobStore['list']> {
  const query = knex<JobRow>(table);
  if (options.status) query.where('status', options.status);
  if (options.type) query.where('type', options.type);
  if (options.cursor) {
    const after = await knex(table)
      .where({ id: options.cursor })
      .first('created_at_ms');
    if (after) {
      query.where(q =>
        q
          .where('created_at_ms', '<', after.created_at_ms)
          .orWhere(q2 =>
            q2
              .where('created_at_ms', after.created_at_ms)
              .andWhere('id', '<', options.cursor!),
          ),
      );
    }
  }
  const rows = await query
    .orderBy([
      { column: 'created_at_ms', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit).map(toJob);
  return {
    items,
    nextCursor:
      rows.length > options.limit ? items[items.length - 1].id : undefined,
  };
}

/** How many jobs are in each status. */
export async function countJobs(
  knex: Knex,
  table: string,
): Promise<Record<JobStatus, number>> {
  const rows = (await knex(table)
    .select('status')
    .count({ n: '*' })
    .groupBy('status')) as Array<{ status: string; n: number | string }>;
  const counts: Record<JobStatus, number> = {
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
  };
  for (const r of rows) counts[r.status as JobStatus] = Number(r.n);
  return counts;
}
