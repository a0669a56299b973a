import { JobStore, NewJob } from '@internal/durable-jobs';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { ownersOfApps } from './operations/apps/readApps';
import { createRequest, NewRequest } from './operations/requests/createRequest';
import {
  findLastFulfilled,
  findOpenRequest,
  findRequestByTicket,
  listOpenTickets,
} from './operations/requests/findRequests';
import {
  listRequests,
  ListRequestsOptions,
  listRequestsOf,
} from './operations/requests/listRequests';
import { getRequest, readRequests } from './operations/requests/readRequests';
import { listExpiryCandidates } from './operations/overdue/overdueRequests';
import {
  RequestTransition,
  transitionRequest,
} from './operations/requests/transitionRequest';
import {
  NewApproval,
  NewEvent,
  StoredRequest,
} from './operations/requests/types';

/**
 * The requests with their approvals and history. A change and the jobs it
 * causes are written in one transaction.
 */
export class RequestsStore {
  constructor(
    private readonly knex: Knex,
    /** Where the work a change causes is queued, in the change's transaction. */
    private readonly jobs?: JobStore,
  ) {}

  private async enqueue(trx: Knex.Transaction, jobs?: NewJob[]) {
    if (!jobs?.length) return;
    if (!this.jobs) throw new Error('This store has no job table');
    await this.jobs.enqueue(jobs, { trx });
  }

  /**
   * Creates a request with its first approvals and events, in one
   * transaction, and returns it as stored (without reading it back).
   */
  create(
    input: NewRequest,
    approvals: NewApproval[],
    events: NewEvent[],
    nowMs: number,
    /** Work the new request causes, made from its id. */
    jobs?: (id: string) => NewJob[],
  ): Promise<StoredRequest> {
    return createRequest(
      this.knex,
      input,
      approvals,
      events,
      nowMs,
      (trx, id) => this.enqueue(trx, jobs?.(id)),
    );
  }

  /** Moves a request on if it is still at `version`, with the work the change causes. */
  transition(
    id: string,
    version: number,
    change: RequestTransition & { jobs?: NewJob[] },
    nowMs: number,
  ): Promise<void> {
    return transitionRequest(this.knex, id, version, change, nowMs, trx =>
      this.enqueue(trx, change.jobs),
    );
  }

  /** Queues work that belongs to no state change. */
  async enqueueJobs(jobs: NewJob[]): Promise<void> {
    await this.knex.transaction(trx => this.enqueue(trx, jobs));
  }

  get(id: string): Promise<StoredRequest> {
    return getRequest(this.knex, id);
  }

  findOpen(requester: string, appKey: string, tier: string) {
    return findOpenRequest(this.knex, requester, appKey, tier);
  }

  /** The person's request for the app that was fulfilled last. */
  findLastFulfilled(requester: string, appKey: string) {
    return findLastFulfilled(this.knex, requester, appKey);
  }

  findByTicket(provider: string, externalId: string) {
    return findRequestByTicket(this.knex, provider, externalId);
  }

  openTickets(limit?: number) {
    return listOpenTickets(this.knex, limit);
  }

  /** Requests waiting for approval since `createdBeforeMs` or earlier, oldest first. */
  expiryCandidates(
    createdBeforeMs: number,
    page?: { limit: number; offset: number },
  ) {
    return listExpiryCandidates(this.knex, createdBeforeMs, page);
  }

  listRequests(options: ListRequestsOptions) {
    return listRequests(this.knex, options);
  }

  listByRequester(requester: string, limit?: number): Promise<AccessRequest[]> {
    return listRequestsOf(this.knex, requester, limit);
  }

  /** Requests with the owners of their apps, for permission rules: four queries. */
  async getRequestResources(
    ids: string[],
  ): Promise<Array<(StoredRequest & { appOwners: string[] }) | undefined>> {
    const requests = await readRequests(this.knex, ids);
    const owners = await ownersOfApps(
      this.knex,
      [...requests.values()].map(r => r.appKey),
    );
    return ids.map(id => {
      const request = requests.get(id);
      return request
        ? { ...request, appOwners: owners.get(request.appKey) ?? [] }
        : undefined;
    });
  }
}
