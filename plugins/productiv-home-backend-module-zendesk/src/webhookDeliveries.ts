import { ModuleMigration } from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';

const DELIVERIES = 'home_zendesk_webhook_deliveries';

/**
 * Deliveries are remembered for longer than one stays fresh (its timestamp
 * may be up to 5 minutes off either way), then forgotten: an older replay
 * is refused as stale.
 */
const REMEMBER_MS = 15 * 60 * 1000;

/** The table of webhook deliveries seen, on the plugin's database. */
export const WEBHOOK_DELIVERIES_MIGRATION: ModuleMigration = {
  async up(knex) {
    await knex.schema.createTable(DELIVERIES, t => {
      t.comment(
        'Zendesk webhook deliveries seen (by signature), to refuse replays',
      );
      t.string('id', 255).primary();
      t.bigInteger('received_at_ms').notNullable();
      t.index(['received_at_ms'], `${DELIVERIES}_received_idx`);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(DELIVERIES);
  },
};

/**
 * The webhook deliveries seen, in the database so that a replay is refused
 * by every replica and after a restart.
 */
export class WebhookDeliveries {
  constructor(private readonly knex: Knex) {}

  /** Records a delivery; false when it was seen before (a replay). */
  async firstTime(id: string, nowMs = Date.now()): Promise<boolean> {
    await this.knex(DELIVERIES)
      .where('received_at_ms', '<', nowMs - REMEMBER_MS)
      .delete();
    const inserted = await this.knex(DELIVERIES)
      .insert({ id, received_at_ms: nowMs })
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length === 1;
  }

  /** Forgets a delivery that could not be handled, so that a retry counts. */
  async forget(id: string): Promise<void> {
    await this.knex(DELIVERIES).where({ id }).delete();
  }
}
