import { DatabaseService } from '@backstage/backend-plugin-api';
import { TicketStatus } from './extensions';
import { ModuleMigration } from './moduleTables';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * A ticketing module's table of the tickets it opened (one row per job
 * key, in column `key`), as retention needs it.
 *
 * @public
 */
export type TicketRecordsTable = {
  /** E.g. `home_jsm_requests`. */
  table: string;
  /** The column with the system's id of the ticket, e.g. `issue_key`. */
  idColumn: string;
  /** Names of the two indexes the closure migration adds. */
  indexes: { id: string; closed: string };
  /** The column comment, e.g. `When JSM last said the request was done; unset while open`. */
  comment: string;
};

/**
 * The migration that adds `closed_at_ms` (when the system last said the
 * ticket was done) to a module's ticket table, so that retention can tell
 * finished tickets from those still followed. Tickets recorded before it
 * are seen again at their next poll.
 *
 * @public
 */
export function ticketClosureMigration(t: TicketRecordsTable): ModuleMigration {
  return {
    async up(knex) {
      await knex.schema.alterTable(t.table, table => {
        table.bigInteger('closed_at_ms').nullable().comment(t.comment);
        table.index([t.idColumn], t.indexes.id);
        table.index(['closed_at_ms'], t.indexes.closed);
      });
    },
    async down(knex) {
      await knex.schema.alterTable(t.table, table => {
        table.dropIndex([], t.indexes.closed);
        table.dropIndex([], t.indexes.id);
        table.dropColumn('closed_at_ms');
      });
    },
  };
}

/**
 * The lifecycle of a ticketing module's records: which tickets are done
 * (as polling and webhooks last saw them), and the deletion of records of
 * tickets done long ago. A record is needed only until Productiv Home has
 * the ticket's id (a retried job finds its ticket by it); tickets are
 * followed by that id, which Home keeps. Records of open tickets are never
 * deleted.
 *
 * @public
 */
export class TicketRecordsLifecycle {
  constructor(
    private readonly knex: Knex,
    private readonly t: Pick<TicketRecordsTable, 'table' | 'idColumn'>,
  ) {}

  /** What the system says of a ticket now: done from now on, or open again. */
  async seen(
    ticketId: string,
    status: TicketStatus['status'],
    nowMs = Date.now(),
  ): Promise<void> {
    const q = this.knex(this.t.table).where({ [this.t.idColumn]: ticketId });
    if (status === 'open') {
      await q.whereNotNull('closed_at_ms').update({ closed_at_ms: null });
    } else {
      await q.whereNull('closed_at_ms').update({ closed_at_ms: nowMs });
    }
  }

  /**
   * Deletes the records of tickets done before `beforeMs`, a batch at a
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
      const keys: string[] = await this.knex(this.t.table)
        .where('closed_at_ms', '<', options.beforeMs)
        .limit(batchSize)
        .pluck('key');
      if (!keys.length) break;
      const n = await this.knex(this.t.table)
        .whereIn('key', keys)
        .where('closed_at_ms', '<', options.beforeMs)
        .delete();
      deleted += n;
      if (keys.length < batchSize || n === 0) break;
    }
    return deleted;
  }
}
