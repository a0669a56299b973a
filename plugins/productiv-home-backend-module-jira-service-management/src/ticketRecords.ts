import {
  ModuleMigration,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';

const REQUESTS = 'home_jsm_requests';

/**
 * When each recorded request was last seen done (resolved or rejected), so
 * that retention can tell finished requests from those still followed.
 * Requests recorded before it are seen again at their next poll.
 */
export const REQUEST_CLOSURE_MIGRATION: ModuleMigration = {
  async up(knex) {
    await knex.schema.alterTable(REQUESTS, t => {
      t.bigInteger('closed_at_ms')
        .nullable()
        .comment('When JSM last said the request was done; unset while open');
      t.index(['issue_key'], 'home_jsm_requests_issue_idx');
      t.index(['closed_at_ms'], 'home_jsm_requests_closed_idx');
    });
  },
  async down(knex) {
    await knex.schema.alterTable(REQUESTS, t => {
      t.dropIndex([], 'home_jsm_requests_closed_idx');
      t.dropIndex([], 'home_jsm_requests_issue_idx');
      t.dropColumn('closed_at_ms');
    });
  },
};

/**
 * The lifecycle of the module's request records: which JSM requests are
 * done (as polling and the webhook last saw them), and the deletion of
 * records of requests done long ago. A record is needed only until Productiv
 * Home has the issue key (a retried job finds its request by it); requests
 * are followed by their issue key, which Home keeps. Records of requests
 * still open are never deleted.
 */
export class RequestRecords {
  constructor(private readonly knex: Knex) {}

  /** What JSM says of a request now: done from now on, or open again. */
  async seen(
    issueKey: string,
    status: TicketStatus['status'],
    nowMs = Date.now(),
  ): Promise<void> {
    const q = this.knex(REQUESTS).where({ issue_key: issueKey });
    if (status === 'open') {
      await q.whereNotNull('closed_at_ms').update({ closed_at_ms: null });
    } else {
      await q.whereNull('closed_at_ms').update({ closed_at_ms: nowMs });
    }
  }

  /**
   * Deletes the records of requests done before `beforeMs`, a batch at a
   * time (one short statement each); stops between batches when `signal`
   * is aborted. Returns how many went.
   */
  async deleteClosed(options: {
    beforeMs: number;
    batchSize?: number;
    signal?: AbortSignal;
  }): Promise<number> {
    const batchSize = options.batchSize ?? 500;
    let deleted = 0;
    while (!options.signal?.aborted) {
      const keys: string[] = await this.knex(REQUESTS)
        .where('closed_at_ms', '<', options.beforeMs)
        .limit(batchSize)
        .pluck('key');
      if (!keys.length) break;
      const n = await this.knex(REQUESTS)
        .whereIn('key', keys)
        .where('closed_at_ms', '<', options.beforeMs)
        .delete();
      deleted += n;
      if (keys.length < batchSize || n === 0) break;
    }
    return deleted;
  }
}
