import { createHash, randomBytes } from 'node:crypto';
import { Knex } from 'knex';

/** What a link does: decide a request, or mark an IT ticket done. */
export type TokenPurpose =
  | {
      kind: 'decide';
      requestId: string;
      level: number;
      approver: string;
      decision: 'approved' | 'denied';
    }
  | { kind: 'done'; externalId: string };

export type StoredToken = TokenPurpose & {
  expiresAtMs: number;
  usedAtMs?: number;
};

const TOKENS = 'home_email_tokens';
const SENT = 'home_email_sent';

const hash = (token: string) =>
  createHash('sha256').update(token).digest('hex');

/**
 * The module's own tables on the plugin's database: single-use link tokens
 * (only their hashes) and the e-mails sent per idempotency key, so a retried
 * job never sends twice.
 */
export class EmailStore {
  static async create(knex: Knex, options?: { skipMigrations?: boolean }) {
    if (!options?.skipMigrations) {
      await knex.migrate.latest({
        tableName: 'productiv_home_module_email__knex_migrations',
        migrationSource: {
          getMigrations: async () => ['20261124_init'],
          getMigrationName: (name: string) => name,
          getMigration: async () => ({
            async up(k: Knex) {
              await k.schema.createTable(TOKENS, t => {
                t.comment('Single-use links in e-mails; only hashes are kept');
                t.string('token_hash', 64).primary();
                t.text('purpose').notNullable().comment('JSON TokenPurpose');
                t.bigInteger('expires_at_ms').notNullable();
                t.bigInteger('used_at_ms').nullable();
                t.bigInteger('created_at_ms').notNullable();
              });
              await k.schema.createTable(SENT, t => {
                t.comment('E-mails sent, one per idempotency key');
                t.string('key', 255).primary();
                t.string('message_id', 255).notNullable();
                t.bigInteger('sent_at_ms').notNullable();
              });
            },
            async down(k: Knex) {
              await k.schema.dropTable(SENT);
              await k.schema.dropTable(TOKENS);
            },
          }),
        },
      });
    }
    return new EmailStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** A new link token; the raw value goes in the e-mail, its hash here. */
  async issue(
    purpose: TokenPurpose,
    expiresAtMs: number,
    nowMs = Date.now(),
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.knex(TOKENS).insert({
      token_hash: hash(token),
      purpose: JSON.stringify(purpose),
      expires_at_ms: expiresAtMs,
      used_at_ms: null,
      created_at_ms: nowMs,
    });
    return token;
  }

  async peek(token: string): Promise<StoredToken | undefined> {
    const row = await this.knex(TOKENS)
      .where({ token_hash: hash(token) })
      .first();
    if (!row) return undefined;
    return {
      ...JSON.parse(row.purpose),
      expiresAtMs: Number(row.expires_at_ms),
      usedAtMs: row.used_at_ms === null ? undefined : Number(row.used_at_ms),
    };
  }

  /**
   * Uses a token once: succeeds for exactly one caller, and only before it
   * expires. Returns why not otherwise.
   */
  async use(
    token: string,
    nowMs = Date.now(),
  ): Promise<
    | { ok: true; purpose: TokenPurpose }
    | { ok: false; reason: 'unknown' | 'used' | 'expired' }
  > {
    const stored = await this.peek(token);
    if (!stored) return { ok: false, reason: 'unknown' };
    if (stored.usedAtMs !== undefined) return { ok: false, reason: 'used' };
    if (stored.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
    const updated = await this.knex(TOKENS)
      .where({ token_hash: hash(token) })
      .whereNull('used_at_ms')
      .update({ used_at_ms: nowMs });
    if (updated !== 1) return { ok: false, reason: 'used' };
    const { expiresAtMs, usedAtMs, ...purpose } = stored;
    return { ok: true, purpose: purpose as TokenPurpose };
  }

  /** The Message-ID of what was sent for this key, if anything. */
  async sentFor(key: string): Promise<string | undefined> {
    const row = await this.knex(SENT).where({ key }).first('message_id');
    return row?.message_id;
  }

  async recordSent(key: string, messageId: string, nowMs = Date.now()) {
    await this.knex(SENT)
      .insert({ key, message_id: messageId, sent_at_ms: nowMs })
      .onConflict('key')
      .ignore();
  }
}
