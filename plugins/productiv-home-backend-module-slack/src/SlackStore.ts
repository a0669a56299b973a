import { Knex } from 'knex';

const MESSAGES = 'home_slack_messages';
const CLICKS = 'home_slack_clicks';

/**
 * The module's tables on the plugin's database: the messages posted per
 * idempotency key (so a retried job posts once) and the clicks seen (so a
 * replayed click is refused).
 */
export class SlackStore {
  static async create(knex: Knex, options?: { skipMigrations?: boolean }) {
    if (!options?.skipMigrations) {
      await knex.migrate.latest({
        tableName: 'productiv_home_module_slack__knex_migrations',
        migrationSource: {
          getMigrations: async () => ['20261124_init'],
          getMigrationName: (name: string) => name,
          getMigration: async () => ({
            async up(k: Knex) {
              await k.schema.createTable(MESSAGES, t => {
                t.comment('Slack messages posted, one per idempotency key');
                t.string('key', 255).primary();
                t.string('channel', 64).notNullable();
                t.string('ts', 64).notNullable();
                t.bigInteger('posted_at_ms').notNullable();
              });
              await k.schema.createTable(CLICKS, t => {
                t.comment('Button clicks received, to refuse replays');
                t.string('id', 255).primary();
                t.bigInteger('received_at_ms').notNullable();
              });
            },
            async down(k: Knex) {
              await k.schema.dropTable(CLICKS);
              await k.schema.dropTable(MESSAGES);
            },
          }),
        },
      });
    }
    return new SlackStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async posted(
    key: string,
  ): Promise<{ channel: string; ts: string } | undefined> {
    const row = await this.knex(MESSAGES).where({ key }).first('channel', 'ts');
    return row ? { channel: row.channel, ts: row.ts } : undefined;
  }

  async recordPosted(key: string, channel: string, ts: string) {
    await this.knex(MESSAGES)
      .insert({ key, channel, ts, posted_at_ms: Date.now() })
      .onConflict('key')
      .ignore();
  }

  /** True the first time a click is seen; false for a replay. */
  async firstClick(id: string, nowMs = Date.now()): Promise<boolean> {
    const inserted = await this.knex(CLICKS)
      .insert({ id, received_at_ms: nowMs })
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length === 1;
  }
}
