import { createHash, randomBytes } from 'node:crypto';
import { Knex } from 'knex';

const LINKS = 'pw_email_keep_links';
const SENT = 'pw_email_sent';
const MIGRATIONS_TABLE = 'pw_module_email__knex_migrations';

/** What a Keep link was issued for. */
export type KeepLink = {
  actionId: string;
  /** The warned person's catalog user: the only one the link keeps for. */
  personRef: string;
  expiresAtMs: number;
  usedAtMs?: number;
};

/** Why a link does nothing. */
export type LinkRefusal = 'unknown' | 'used' | 'expired';

const hash = (token: string) =>
  createHash('sha256').update(token).digest('hex');

const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261203_keep_links': {
    async up(knex) {
      await knex.schema.createTable(LINKS, t => {
        t.comment(
          'Single-use Keep links in warning mails; only hashes are kept',
        );
        t.string('token_hash', 64).primary();
        t.string('action_id', 64).notNullable();
        t.string('person_ref', 255).notNullable();
        t.bigInteger('expires_at_ms').notNullable();
        t.bigInteger('used_at_ms').nullable();
        t.bigInteger('created_at_ms').notNullable();
        t.index(['expires_at_ms'], 'pw_email_keep_links_expires_idx');
      });
      await knex.schema.createTable(SENT, t => {
        t.comment('Warning mails sent, one per idempotency key');
        t.string('key', 255).primary();
        t.string('message_id', 255).notNullable();
        t.bigInteger('sent_at_ms').notNullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable(SENT);
      await knex.schema.dropTable(LINKS);
    },
  },
  // Retention deletes links used or expired, and records of mails sent,
  // long enough ago: each along its own index.
  '20261216_retention': {
    async up(knex) {
      await knex.schema.alterTable(LINKS, t => {
        t.index(['used_at_ms'], 'pw_email_keep_links_used_idx');
      });
      await knex.schema.alterTable(SENT, t => {
        t.index(['sent_at_ms'], 'pw_email_sent_at_idx');
      });
    },
    async down(knex) {
      await knex.schema.alterTable(SENT, t => {
        t.dropIndex([], 'pw_email_sent_at_idx');
      });
      await knex.schema.alterTable(LINKS, t => {
        t.dropIndex([], 'pw_email_keep_links_used_idx');
      });
    },
  },
};

/** Where the module's migrations come from and are recorded. */
export const keepLinkMigrations = {
  tableName: MIGRATIONS_TABLE,
  migrationSource: {
    getMigrations: async () => Object.keys(MIGRATIONS).sort(),
    getMigrationName: (name: string) => name,
    getMigration: async (name: string) => MIGRATIONS[name],
  },
};

/**
 * The e-mail module's tables on the plugin's database (their own migrations
 * table): the Keep links' token hashes, and the mails sent per idempotency
 * key so that a retried job never sends twice.
 */
export class KeepLinkStore {
  static async create(knex: Knex, options?: { skipMigrations?: boolean }) {
    if (!options?.skipMigrations) {
      await knex.migrate.latest(keepLinkMigrations);
    }
    return new KeepLinkStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** A new link token for one person and action; the raw value goes in the mail. */
  async issue(link: Omit<KeepLink, 'usedAtMs'>, nowMs: number) {
    const token = randomBytes(32).toString('base64url');
    await this.knex(LINKS).insert({
      token_hash: hash(token),
      action_id: link.actionId,
      person_ref: link.personRef,
      expires_at_ms: link.expiresAtMs,
      created_at_ms: nowMs,
    });
    return token;
  }

  /** What a token was issued for, without using it. */
  async peek(token: string): Promise<KeepLink | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const row = await this.knex(LINKS)
      .where({ token_hash: hash(token) })
      .first();
    return row
      ? {
          actionId: row.action_id,
          personRef: row.person_ref,
          expiresAtMs: Number(row.expires_at_ms),
          usedAtMs:
            row.used_at_ms === null ? undefined : Number(row.used_at_ms),
        }
      : undefined;
  }

  /** Why a link would do nothing now, if it would not. */
  static refusal(
    link: KeepLink | undefined,
    nowMs: number,
  ): LinkRefusal | undefined {
    if (!link) return 'unknown';
    if (link.usedAtMs !== undefined) return 'used';
    if (link.expiresAtMs <= nowMs) return 'expired';
    return undefined;
  }

  /** Uses a token, once: only one of two requests racing for it gets true. */
  async use(token: string, nowMs: number): Promise<boolean> {
    const n = await this.knex(LINKS)
      .where({ token_hash: hash(token) })
      .whereNull('used_at_ms')
      .where('expires_at_ms', '>', nowMs)
      .update({ used_at_ms: nowMs });
    return n === 1;
  }

  /** Makes a used token work again (keeping failed for a reason not the person's). */
  async release(token: string) {
    await this.knex(LINKS)
      .where({ token_hash: hash(token) })
      .update({ used_at_ms: null });
  }

  async sentFor(key: string): Promise<string | undefined> {
    return (await this.knex(SENT).where({ key }).first())?.message_id;
  }

  async recordSent(key: string, messageId: string, nowMs: number) {
    await this.knex(SENT)
      .insert({ key, message_id: messageId, sent_at_ms: nowMs })
      .onConflict('key')
      .ignore();
  }

  /**
   * Forgets what stopped mattering before `beforeMs`: links used or expired
   * by then (a link still usable stays, however old), and the records of
   * mails sent by then (their jobs are long done). Deletes a batch at a
   * time, one short statement each; stops between batches when `signal` is
   * aborted. Returns how many of each went.
   */
  async deleteDelivered(options: {
    beforeMs: number;
    batchSize?: number;
    signal?: AbortSignal;
  }): Promise<{ links: number; mails: number }> {
    let links = 0;
    for (const column of ['used_at_ms', 'expires_at_ms']) {
      links += await this.deleteBefore(LINKS, 'token_hash', column, options);
    }
    const mails = await this.deleteBefore(SENT, 'key', 'sent_at_ms', options);
    return { links, mails };
  }

  /** Deletes rows whose `column` is before `beforeMs`, in batches. */
  private async deleteBefore(
    table: string,
    keyColumn: string,
    column: string,
    options: { beforeMs: number; batchSize?: number; signal?: AbortSignal },
  ): Promise<number> {
    const batchSize = options.batchSize ?? 500;
    let deleted = 0;
    while (!options.signal?.aborted) {
      const keys: string[] = await this.knex(table)
        .where(column, '<', options.beforeMs)
        .limit(batchSize)
        .pluck(keyColumn);
      if (!keys.length) break;
      const n = await this.knex(table)
        .whereIn(keyColumn, keys)
        .where(column, '<', options.beforeMs)
        .delete();
      deleted += n;
      if (keys.length < batchSize || n === 0) break;
    }
    return deleted;
  }
}
