import { DatabaseService } from '@backstage/backend-plugin-api';
import { FulfillmentResult } from './extensions';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** A ticket that is open, as a fulfillment job's result. */
type PendingTicket = Extract<FulfillmentResult, { status: 'pending' }>;

/**
 * The tickets a ticket provider opened, one per idempotency key, in a table
 * of its module with the columns `key` (primary), `<idColumn>` and `url`:
 * a retried job finds the ticket it opened instead of opening a second one.
 *
 * @public
 */
export class OpenedTickets {
  constructor(
    private readonly knex: Knex,
    private readonly table: { name: string; idColumn: string },
  ) {}

  /** The ticket opened for this idempotency key, if any. */
  async find(key: string): Promise<PendingTicket | undefined> {
    const row = await this.knex(this.table.name).where({ key }).first();
    if (!row) return undefined;
    return {
      status: 'pending',
      externalId: row[this.table.idColumn],
      externalUrl: row.url ?? undefined,
    };
  }

  /** Records the ticket opened for this key; an earlier record stays. */
  async record(
    key: string,
    externalId: string,
    externalUrl: string,
  ): Promise<PendingTicket> {
    await this.knex(this.table.name)
      .insert({ key, [this.table.idColumn]: externalId, url: externalUrl })
      .onConflict('key')
      .ignore();
    return { status: 'pending', externalId, externalUrl };
  }
}
