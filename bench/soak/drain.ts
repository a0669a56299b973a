import { Knex } from 'knex';

/** Work still to do in the soak's database: jobs due or running, requests under way. */
export async function pendingWork(knex: Knex): Promise<{
  homeJobs: number;
  workflowJobs: number;
  fulfillJobs: number;
  requestsUnderWay: number;
  approvedRequests: number;
}> {
  const open = ['queued', 'running'];
  const count = async (q: Knex.QueryBuilder) =>
    Number(((await q.count({ n: '*' })) as Array<{ n: string }>)[0].n);
  return {
    homeJobs: await count(
      knex
        .withSchema('productiv-home')
        .from('home_jobs')
        .whereIn('status', open),
    ),
    workflowJobs: await count(
      knex
        .withSchema('provisioning-workflows')
        .from('workflow_jobs')
        .whereIn('status', open),
    ),
    fulfillJobs: await count(
      knex
        .withSchema('productiv-home')
        .from('home_jobs')
        .where({ type: 'fulfill' })
        .whereIn('status', open),
    ),
    requestsUnderWay: await count(
      knex
        .withSchema('productiv-home')
        .from('requests')
        .whereIn('status', ['approved', 'fulfilling']),
    ),
    approvedRequests: await count(
      knex
        .withSchema('productiv-home')
        .from('requests')
        .where({ status: 'approved' }),
    ),
  };
}

/**
 * Before the ticketing system changes, no request may be on its way to a
 * ticket: no fulfill job due or running, none approved and not yet handed
 * over. Requests waiting on an opened ticket are fine: they follow the
 * system that opened it.
 */
export async function ticketHandoffsDone(knex: Knex): Promise<boolean> {
  const w = await pendingWork(knex);
  return w.fulfillJobs === 0 && w.approvedRequests === 0;
}
