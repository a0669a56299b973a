import {
  ModuleMigration,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';

const TICKETS = 'home_zendesk_tickets';

/**
 * When each recorded ticket was last seen solved or closed, so that
 * retention can tell finished tickets from those still followed. Tickets
 * recorded before it are seen again at their next poll.
 */
export const TICKET_CLOSURE_MIGRATION: ModuleMigration = {
  async up(knex) {
    await knex.schema.alterTable(TICKETS, t => {
      t.bigInteger('closed_at_ms')
        .nullable()
        .comment(
          'When Zendesk last said the ticket was solved; unset while open',
        );
      t.index(['ticket_id'], 'home_zendesk_tickets_ticket_idx');
      t.index(['closed_at_ms'], 'home_zendesk_tickets_closed_idx');
    });
  },
  async down(knex) {
    await knex.schema.alterTable(TICKETS, t => {
      t.dropIndex([], 'home_zendesk_tickets_closed_idx');
      t.dropIndex([], 'home_zendesk_tickets_ticket_idx');
      t.dropColumn('closed_at_ms');
    });
  },
};

/**
 * The lifecycle of the module's ticket records: which Zendesk tickets are
 * solved (as polling and the webhook last saw them), and the deletion of
 * records of tickets solved long ago. A record is needed only until
 * Productiv Home has the ticket id (a retried job finds its ticket by it);
 * tickets are followed by their id, which Home keeps. Records of tickets
 * still open are never deleted.
 */
export class TicketRecords {
  constructor(private readonly knex: Knex) {}

  /** What Zendesk says of a ticket now: solved from now on, or open again. */
  async seen(
    ticketId: string,
    status: TicketStatus['status'],
    nowMs = Date.now(),
  ): Promise<void> {
    const q = this.knex(TICKETS).where({ ticket_id: ticketId });
    if (status === 'open') {
      await q.whereNotNull('closed_at_ms').update({ closed_at_ms: null });
    } else {
      await q.whereNull('closed_at_ms').update({ closed_at_ms: nowMs });
    }
  }

  /**
   * Deletes the records of tickets solved before `beforeMs`, a batch at a
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
      const keys: string[] = await this.knex(TICKETS)
        .where('closed_at_ms', '<', options.beforeMs)
        .limit(batchSize)
        .pluck('key');
      if (!keys.length) break;
      const n = await this.knex(TICKETS)
        .whereIn('key', keys)
        .where('closed_at_ms', '<', options.beforeMs)
        .delete();
      deleted += n;
      if (keys.length < batchSize || n === 0) break;
    }
    return deleted;
  }
}
