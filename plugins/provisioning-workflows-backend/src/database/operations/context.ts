import { JobStore, NewJob } from '@internal/durable-jobs';
import { Knex } from 'knex';
import { NewAuditEvent } from '../types';

/** What the workflow operations share: the database, its job table, the event hook. */
export type WorkflowDbContext = {
  knex: Knex;
  /** The plugin's durable jobs, written in the transactions that queue work. */
  jobs?: JobStore;
  /** Told of audit events once they are committed. */
  onEvents?: (events: NewAuditEvent[]) => void;
};

export type Db = Knex | Knex.Transaction;

/** Writes jobs in the caller's transaction: they exist if and only if the change does. */
export async function enqueueJobs(
  ctx: WorkflowDbContext,
  trx: Knex.Transaction,
  jobs: NewJob[],
): Promise<void> {
  if (!jobs.length) return;
  if (!ctx.jobs) throw new Error('This workflow store has no job table');
  await ctx.jobs.enqueue(jobs, { trx });
}
