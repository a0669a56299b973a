import { createHash, randomBytes } from 'node:crypto';
import {
  migrateModuleTables,
  ModuleMigration,
  moduleMigrations,
  ModuleTables,
} from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';

/** What a link does: decide a request, or mark an IT ticket done. */
export type TokenPurpose =
  | {
      kind: 'decide';
      requestId: string;
      level: number;
      approver: string;
      decision: 'approved' | 'denied';
      /** What the confirmation page shows, e.g. "Emma Jones asks for Figma (editor)". */
      summary?: string;
    }
  | { kind: 'done'; externalId: string; summary?: string };

export type StoredToken = TokenPurpose & {
  expiresAtMs: number;
  usedAtMs?: number;
  revokedAtMs?: number;
};

/** Why a link does nothing. */
export type TokenRefusal = 'unknown' | 'used' | 'revoked' | 'expired';

const TOKENS = 'home_email_tokens';
const SENT = 'home_email_sent';

const hash = (token: string) =>
  createHash('sha256').update(token).digest('hex');

/** The columns that let sibling links be revoked together. */
function scopeOf(purpose: TokenPurpose) {
  return purpose.kind === 'decide'
    ? {
        subject: purpose.requestId,
        level: purpose.level,
        approver: purpose.approver,
      }
    : { subject: purpose.externalId, level: null, approver: null };
}

/** Migrations of the module's tables, by name in the order they run. */
const MIGRATIONS: Record<string, ModuleMigration> = {
  '20261124_init': {
    async up(k) {
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
    async down(k) {
      await k.schema.dropTable(SENT);
      await k.schema.dropTable(TOKENS);
    },
  },
  // Links decided elsewhere (the other link of the pair, a reminder's links,
  // the portal or Slack) are revoked by subject, level and approver.
  '20261125_token_scope': {
    async up(k) {
      await k.schema.alterTable(TOKENS, t => {
        t.string('subject', 255)
          .nullable()
          .comment('Request id (decide) or ticket external id (done)');
        t.integer('level').nullable();
        t.string('approver', 255).nullable();
        t.bigInteger('revoked_at_ms').nullable();
        t.index(['subject', 'level'], 'home_email_tokens_subject_idx');
        t.index(['expires_at_ms'], 'home_email_tokens_expires_idx');
      });
      const rows: Array<{ token_hash: string; purpose: string }> = await k(
        TOKENS,
      ).select('token_hash', 'purpose');
      for (const row of rows) {
        await k(TOKENS)
          .where({ token_hash: row.token_hash })
          .update(scopeOf(JSON.parse(row.purpose)));
      }
    },
    async down(k) {
      await k.schema.alterTable(TOKENS, t => {
        t.dropIndex([], 'home_email_tokens_subject_idx');
        t.dropIndex([], 'home_email_tokens_expires_idx');
        t.dropColumns('subject', 'level', 'approver', 'revoked_at_ms');
      });
    },
  },
  // Retention deletes links used, revoked or expired, and records of mails
  // sent, long enough ago: each along its own index.
  '20261216_retention': {
    async up(k) {
      await k.schema.alterTable(TOKENS, t => {
        t.index(['used_at_ms'], 'home_email_tokens_used_idx');
        t.index(['revoked_at_ms'], 'home_email_tokens_revoked_idx');
      });
      await k.schema.alterTable(SENT, t => {
        t.index(['sent_at_ms'], 'home_email_sent_at_idx');
      });
    },
    async down(k) {
      await k.schema.alterTable(SENT, t => {
        t.dropIndex([], 'home_email_sent_at_idx');
      });
      await k.schema.alterTable(TOKENS, t => {
        t.dropIndex([], 'home_email_tokens_used_idx');
        t.dropIndex([], 'home_email_tokens_revoked_idx');
      });
    },
  },
};

/** The module's tables, with their own migrations table. */
const TABLES: ModuleTables = { name: 'email', migrations: MIGRATIONS };

/**
 * Where the module's migrations come from and are recorded; `to` stops at
 * one of them (for migration tests).
 */
export const emailMigrations = (to?: string) =>
  moduleMigrations(TABLES, { to });

/**
 * The module's own tables on the plugin's database: single-use link tokens
 * (only their hashes) and the e-mails sent per idempotency key, so a retried
 * job never sends twice.
 */
export class EmailStore {
  static async create(knex: Knex, options?: { skipMigrations?: boolean }) {
    await migrateModuleTables(knex, TABLES, { skip: options?.skipMigrations });
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
      ...scopeOf(purpose),
      expires_at_ms: expiresAtMs,
      used_at_ms: null,
      revoked_at_ms: null,
      created_at_ms: nowMs,
    });
    return token;
  }

  /** What a token would do, without using it. */
  async peek(token: string): Promise<StoredToken | undefined> {
    const row = await this.knex(TOKENS)
      .where({ token_hash: hash(token) })
      .first();
    if (!row) return undefined;
    const optional = (v: unknown) => (v === null ? undefined : Number(v));
    return {
      ...JSON.parse(row.purpose),
      expiresAtMs: Number(row.expires_at_ms),
      usedAtMs: optional(row.used_at_ms),
      revokedAtMs: optional(row.revoked_at_ms),
    };
  }

  /** Why a stored token can no longer be used, if it cannot. */
  static refusal(
    stored: StoredToken | undefined,
    nowMs: number,
  ): TokenRefusal | undefined {
    if (!stored) return 'unknown';
    if (stored.usedAtMs !== undefined) return 'used';
    if (stored.revokedAtMs !== undefined) return 'revoked';
    if (stored.expiresAtMs <= nowMs) return 'expired';
    return undefined;
  }

  /**
   * Uses a token once: succeeds for exactly one caller (one conditional
   * UPDATE, so also across replicas), and only before it expires or is
   * revoked. Returns why not otherwise.
   */
  async use(
    token: string,
    nowMs = Date.now(),
  ): Promise<
    { ok: true; purpose: TokenPurpose } | { ok: false; reason: TokenRefusal }
  > {
    const stored = await this.peek(token);
    const refusal = EmailStore.refusal(stored, nowMs);
    if (refusal) return { ok: false, reason: refusal };
    const updated = await this.knex(TOKENS)
      .where({ token_hash: hash(token) })
      .whereNull('used_at_ms')
      .whereNull('revoked_at_ms')
      .where('expires_at_ms', '>', nowMs)
      .update({ used_at_ms: nowMs });
    if (updated !== 1) {
      return {
        ok: false,
        reason: EmailStore.refusal(await this.peek(token), nowMs) ?? 'used',
      };
    }
    const { expiresAtMs, usedAtMs, revokedAtMs, ...purpose } = stored!;
    return { ok: true, purpose: purpose as TokenPurpose };
  }

  /**
   * Gives a used token back, when what it was used for failed for a reason
   * worth trying again (e.g. the database was briefly unavailable).
   */
  async release(token: string): Promise<void> {
    await this.knex(TOKENS)
      .where({ token_hash: hash(token) })
      .update({ used_at_ms: null });
  }

  /**
   * Revokes the unused links for the same decision: the other link of the
   * pair and those of earlier mails or reminders to this approver at this
   * level. With `level` only, every approver's links at that level.
   */
  async revokeDecisionLinks(
    scope: { requestId: string; level: number; approver?: string },
    nowMs = Date.now(),
  ): Promise<number> {
    return this.knex(TOKENS)
      .where({ subject: scope.requestId, level: scope.level })
      .modify(q => {
        if (scope.approver) q.where({ approver: scope.approver });
      })
      .whereNull('used_at_ms')
      .whereNull('revoked_at_ms')
      .update({ revoked_at_ms: nowMs });
  }

  /** Revokes the decision links of a request at levels before `level`. */
  async revokeEarlierLevels(
    requestId: string,
    level: number,
    nowMs = Date.now(),
  ): Promise<number> {
    return this.knex(TOKENS)
      .where({ subject: requestId })
      .where('level', '<', level)
      .whereNull('used_at_ms')
      .whereNull('revoked_at_ms')
      .update({ revoked_at_ms: nowMs });
  }

  /** Revokes the other "Mark as done" links of a ticket (e.g. of a resent mail). */
  async revokeDoneLinks(externalId: string, nowMs = Date.now()) {
    return this.knex(TOKENS)
      .where({ subject: externalId })
      .whereNull('level')
      .whereNull('used_at_ms')
      .whereNull('revoked_at_ms')
      .update({ revoked_at_ms: nowMs });
  }

  /**
   * Forgets what stopped mattering before `beforeMs`: links used, revoked
   * or expired by then (a link still usable stays, however old), and the
   * records of mails sent by then (their jobs are long done). Deletes a
   * batch at a time, one short statement each; stops between batches when
   * `signal` is aborted. Returns how many of each went.
   */
  async deleteDelivered(options: {
    beforeMs: number;
    batchSize?: number;
    signal?: AbortSignal;
  }): Promise<{ links: number; mails: number }> {
    let links = 0;
    for (const column of ['used_at_ms', 'revoked_at_ms', 'expires_at_ms']) {
      links += await this.deleteBefore(TOKENS, 'token_hash', column, options);
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
