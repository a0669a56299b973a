import { JobStore, NewJob } from '@internal/durable-jobs';
import { Knex } from 'knex';
import {
  endGrantRemovedInOkta,
  markGrantsSeen,
} from './operations/grants/endGrant';
import { ExpiryRemoval, expireGrant } from './operations/grants/expireGrant';
import {
  activeGrantsEndingBefore,
  activeGrantsPage,
  grantsOf,
  readGrants,
} from './operations/grants/readGrants';
import { Grant } from './operations/grants/types';
import { recordGrantWarning } from './operations/grants/recordWarning';

/**
 * Time-bound access. Grants are created and extended with the request
 * changes that cause them (`RequestsStore.transition`); here they are read,
 * expired (with the removal request and its jobs, in one transaction) and
 * ended when Okta no longer shows them.
 */
export class GrantsStore {
  constructor(private readonly knex: Knex, private readonly jobs: JobStore) {}

  async get(requestId: string): Promise<Grant | undefined> {
    return (await readGrants(this.knex, [requestId])).get(requestId);
  }

  /** A person's grants in force, soonest expiry first. */
  listOf(requester: string): Promise<Grant[]> {
    return grantsOf(this.knex, requester);
  }

  /** Active grants ending before `beforeMs`, soonest first. */
  endingBefore(beforeMs: number, limit = 500): Promise<Grant[]> {
    return activeGrantsEndingBefore(this.knex, beforeMs, limit);
  }

  activePage(afterId: string, limit = 500): Promise<Grant[]> {
    return activeGrantsPage(this.knex, afterId, limit);
  }

  /**
   * Queues work in its own transaction (warnings, expiry jobs); keys make it
   * once-only. Jobs run on the job table's clock, not the grants' (tests move
   * the grants' clock).
   */
  async enqueue(jobs: NewJob[]): Promise<number> {
    return this.jobs.enqueue(jobs);
  }

  /** See {@link expireGrant}; `jobs` are the removal's, made from its id. */
  expire(
    grantId: string,
    nowMs: number,
    removal: ExpiryRemoval,
    jobs: (id: string) => NewJob[],
  ): Promise<string | undefined> {
    return expireGrant(this.knex, grantId, nowMs, removal, (trx, id) =>
      this.jobs.enqueue(jobs(id), { trx }).then(() => undefined),
    );
  }

  /** See {@link recordGrantWarning}; `jobs` are the messages it sends. */
  warn(
    grantId: string,
    expiresAtMs: number,
    nowMs: number,
    jobs: NewJob[],
  ): Promise<boolean> {
    return recordGrantWarning(this.knex, grantId, expiresAtMs, nowMs, trx =>
      this.jobs.enqueue(jobs, { trx }).then(() => undefined),
    );
  }

  endRemovedInOkta(grantId: string, nowMs: number): Promise<boolean> {
    return endGrantRemovedInOkta(this.knex, grantId, nowMs);
  }

  markSeen(grantIds: string[], nowMs: number): Promise<void> {
    return markGrantsSeen(this.knex, grantIds, nowMs);
  }
}
