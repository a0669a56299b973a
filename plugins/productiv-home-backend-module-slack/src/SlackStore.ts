import {
  migrateModuleTables,
  ModuleMigration,
  moduleMigrations,
  ModuleTables,
} from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';

const POSTS = 'home_slack_posts';
const CLICKS = 'home_slack_clicks';
/** The first version's table, replaced by `home_slack_posts`. */
const MESSAGES_V1 = 'home_slack_messages';

/** Why a message was posted. */
export type SlackPostKind =
  | 'approval'
  | 'reminder'
  | 'requester'
  | 'admin'
  | 'unknown';

/** A message the module posted, or is posting, for one idempotency key. */
export type SlackPost = {
  key: string;
  kind: SlackPostKind;
  requestId?: string;
  level?: number;
  /** Entity ref of the person it went to (approver, requester). */
  recipient?: string;
  channel: string;
  /** Unset while the post is in flight or its answer was lost. */
  ts?: string;
  /** Whether it carries Approve / Deny buttons. */
  buttons: boolean;
  /**
   * Unconfirmed posts only: when a retry may look for the message an
   * earlier try may have posted (a try whose answer was lost may still
   * land until then). Unset when no try can have posted it.
   */
  lookAfterMs?: number;
};

type DbPostRow = {
  key: string;
  kind: string;
  request_id: string | null;
  level: number | null;
  recipient: string | null;
  channel: string;
  ts: string | null;
  buttons: boolean | number;
  started_at_ms: number | string;
  posted_at_ms: number | string | null;
  look_after_ms: number | string | null;
};

const MIGRATIONS: Record<string, ModuleMigration> = {
  '20261124_init': {
    async up(knex) {
      await knex.schema.createTable(MESSAGES_V1, t => {
        t.comment('Slack messages posted, one per idempotency key');
        t.string('key', 255).primary();
        t.string('channel', 64).notNullable();
        t.string('ts', 64).notNullable();
        t.bigInteger('posted_at_ms').notNullable();
      });
      await knex.schema.createTable(CLICKS, t => {
        t.comment('Button clicks received, to refuse replays');
        t.string('id', 255).primary();
        t.bigInteger('received_at_ms').notNullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable(CLICKS);
      await knex.schema.dropTable(MESSAGES_V1);
    },
  },
  // Posts are recorded before they are sent (so a retry whose answer was
  // lost can look for the message instead of posting again) and say what
  // they were for (so reminders thread under the request and outcomes
  // update every message with buttons).
  '20261126_posts': {
    async up(knex) {
      await knex.schema.createTable(POSTS, t => {
        t.comment('Slack messages posted or being posted, one per key');
        t.string('key', 255).primary().comment('Idempotency key of the job');
        t.string('kind', 32)
          .notNullable()
          .comment('approval, reminder, requester, admin or unknown');
        t.string('request_id', 255).nullable();
        t.integer('level').nullable();
        t.string('recipient', 255)
          .nullable()
          .comment('Entity ref of the person the message went to');
        t.string('channel', 64).notNullable();
        t.string('ts', 64)
          .nullable()
          .comment('Unset until Slack has confirmed the post');
        t.boolean('buttons').notNullable().defaultTo(false);
        t.bigInteger('started_at_ms').notNullable();
        t.bigInteger('posted_at_ms').nullable();
        t.index(['request_id', 'level'], 'home_slack_posts_request_idx');
      });
      const old = await knex(MESSAGES_V1).select();
      for (let i = 0; i < old.length; i += 100) {
        await knex(POSTS).insert(
          old.slice(i, i + 100).map(r => ({
            key: r.key,
            kind: 'unknown',
            channel: r.channel,
            ts: r.ts,
            buttons: false,
            started_at_ms: r.posted_at_ms,
            posted_at_ms: r.posted_at_ms,
          })),
        );
      }
      await knex.schema.dropTable(MESSAGES_V1);
      await knex.schema.alterTable(CLICKS, t => {
        t.index(['received_at_ms'], 'home_slack_clicks_received_idx');
      });
    },
    async down(knex) {
      await knex.schema.alterTable(CLICKS, t => {
        t.dropIndex(['received_at_ms'], 'home_slack_clicks_received_idx');
      });
      await knex.schema.createTable(MESSAGES_V1, t => {
        t.string('key', 255).primary();
        t.string('channel', 64).notNullable();
        t.string('ts', 64).notNullable();
        t.bigInteger('posted_at_ms').notNullable();
      });
      const posted = await knex(POSTS).whereNotNull('ts').select();
      for (let i = 0; i < posted.length; i += 100) {
        await knex(MESSAGES_V1).insert(
          posted.slice(i, i + 100).map(r => ({
            key: r.key,
            channel: r.channel,
            ts: r.ts,
            posted_at_ms: r.posted_at_ms ?? r.started_at_ms,
          })),
        );
      }
      await knex.schema.dropTable(POSTS);
    },
  },
  // Retention reads posts oldest first, in (started_at_ms, key) order.
  '20261216_post_retention': {
    async up(knex) {
      await knex.schema.alterTable(POSTS, t => {
        t.index(['started_at_ms', 'key'], 'home_slack_posts_started_idx');
      });
    },
    async down(knex) {
      await knex.schema.alterTable(POSTS, t => {
        t.dropIndex(['started_at_ms', 'key'], 'home_slack_posts_started_idx');
      });
    },
  },
  // A retry of a post whose answer was lost waits for it to land before
  // looking for it; posts known not to have landed are not looked for.
  '20261217_post_tries': {
    async up(knex) {
      await knex.schema.alterTable(POSTS, t => {
        t.bigInteger('look_after_ms')
          .nullable()
          .comment(
            'Unconfirmed posts: when a retry may look for what an earlier try posted; unset when none can have',
          );
      });
      // Earlier unconfirmed posts were looked for at once.
      await knex(POSTS)
        .whereNull('ts')
        .update({ look_after_ms: knex.ref('started_at_ms') });
    },
    async down(knex) {
      await knex.schema.alterTable(POSTS, t => {
        t.dropColumn('look_after_ms');
      });
    },
  },
};

/** The module's tables, with their own migrations table. */
const TABLES: ModuleTables = { name: 'slack', migrations: MIGRATIONS };

/**
 * Where the module's migrations come from and are recorded; `to` stops at
 * one of them (for migration tests).
 */
export const slackMigrations = (to?: string) =>
  moduleMigrations(TABLES, { to });

function toPost(row: DbPostRow): SlackPost {
  return {
    key: row.key,
    kind: row.kind as SlackPostKind,
    requestId: row.request_id ?? undefined,
    level: row.level ?? undefined,
    recipient: row.recipient ?? undefined,
    channel: row.channel,
    ts: row.ts ?? undefined,
    // SQLite returns 1/0.
    buttons: Boolean(row.buttons),
    ...(row.look_after_ms !== null && row.look_after_ms !== undefined
      ? { lookAfterMs: Number(row.look_after_ms) }
      : {}),
  };
}

/**
 * The module's tables on the plugin's database: the messages posted per
 * idempotency key (so a retried job posts once) and the clicks seen (so a
 * replayed click is refused).
 */
export class SlackStore {
  static async create(knex: Knex, options?: { skipMigrations?: boolean }) {
    await migrateModuleTables(knex, TABLES, { skip: options?.skipMigrations });
    return new SlackStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async getPost(key: string): Promise<SlackPost | undefined> {
    const row = await this.knex<DbPostRow>(POSTS).where({ key }).first();
    return row ? toPost(row) : undefined;
  }

  /** Records that a post is about to be sent; keeps an earlier record. */
  async startPost(post: Omit<SlackPost, 'ts'>, nowMs = Date.now()) {
    await this.knex<DbPostRow>(POSTS)
      .insert({
        key: post.key,
        kind: post.kind,
        request_id: post.requestId ?? null,
        level: post.level ?? null,
        recipient: post.recipient ?? null,
        channel: post.channel,
        buttons: post.buttons,
        started_at_ms: nowMs,
        look_after_ms: post.lookAfterMs ?? null,
      })
      .onConflict('key')
      .ignore();
  }

  /**
   * A try to post is sent (`lookAfterMs`: when a retry may look for it), or
   * ended in an answer that says it posted nothing (`undefined`).
   */
  async markTry(key: string, lookAfterMs: number | undefined) {
    await this.knex<DbPostRow>(POSTS)
      .where({ key })
      .whereNull('ts')
      .update({ look_after_ms: lookAfterMs ?? null });
  }

  /** Slack confirmed the post: where it is. */
  async completePost(
    key: string,
    where: { channel: string; ts: string },
    nowMs = Date.now(),
  ) {
    await this.knex<DbPostRow>(POSTS).where({ key }).update({
      channel: where.channel,
      ts: where.ts,
      posted_at_ms: nowMs,
      look_after_ms: null,
    });
  }

  /** Confirmed posts about one request level to one person, oldest first. */
  async postsFor(
    requestId: string,
    level: number,
    recipient: string,
  ): Promise<SlackPost[]> {
    const rows = await this.knex<DbPostRow>(POSTS)
      .where({ request_id: requestId, level, recipient })
      .whereNotNull('ts')
      .orderBy('started_at_ms', 'asc')
      .orderBy('key', 'asc');
    return rows.map(toPost);
  }

  /**
   * Deletes posts started before `beforeMs`, a batch at a time (one short
   * statement each, in (started_at_ms, key) order so that kept posts are
   * read once per run), except those about a request that `keep` names:
   * given a batch's request ids, it returns those whose posts must stay.
   * Posts about no request (admin notices, the first version's) go by age.
   */
  async deletePosts(options: {
    beforeMs: number;
    keep: (requestIds: string[]) => Promise<Iterable<string>>;
    batchSize?: number;
    signal?: AbortSignal;
  }): Promise<{ deleted: number; kept: number }> {
    const batchSize = options.batchSize ?? 500;
    let deleted = 0;
    let kept = 0;
    let after: { at: number; key: string } | undefined;
    while (!options.signal?.aborted) {
      const rows = await this.oldPosts(options.beforeMs, after, batchSize);
      if (!rows.length) break;
      const requestIds = [
        ...new Set(rows.flatMap(r => (r.requestId ? [r.requestId] : []))),
      ];
      const live = new Set(
        requestIds.length ? await options.keep(requestIds) : [],
      );
      const gone = rows
        .filter(r => !r.requestId || !live.has(r.requestId))
        .map(r => r.key);
      kept += rows.length - gone.length;
      if (gone.length) {
        deleted += await this.knex(POSTS)
          .whereIn('key', gone)
          .where('started_at_ms', '<', options.beforeMs)
          .delete();
      }
      const last = rows[rows.length - 1];
      after = { at: last.at, key: last.key };
      if (rows.length < batchSize) break;
    }
    return { deleted, kept };
  }

  /** The next batch of posts started before `beforeMs`, after `after`. */
  private async oldPosts(
    beforeMs: number,
    after: { at: number; key: string } | undefined,
    limit: number,
  ): Promise<Array<{ key: string; requestId?: string; at: number }>> {
    const rows: Array<Pick<DbPostRow, 'key' | 'request_id' | 'started_at_ms'>> =
      await this.knex<DbPostRow>(POSTS)
        .where('started_at_ms', '<', beforeMs)
        .modify(q => {
          if (!after) return;
          q.where(b =>
            b
              .where('started_at_ms', '>', after.at)
              .orWhere(same =>
                same
                  .where('started_at_ms', after.at)
                  .where('key', '>', after.key),
              ),
          );
        })
        .orderBy([
          { column: 'started_at_ms', order: 'asc' },
          { column: 'key', order: 'asc' },
        ])
        .limit(limit)
        .select('key', 'request_id', 'started_at_ms');
    return rows.map(r => ({
      key: r.key,
      requestId: r.request_id ?? undefined,
      at: Number(r.started_at_ms),
    }));
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

  /**
   * Forgets clicks received before `beforeMs`. Their signed requests are
   * past the replay window by then, so they are refused as stale anyway.
   */
  async pruneClicks(beforeMs: number): Promise<number> {
    return this.knex(CLICKS).where('received_at_ms', '<', beforeMs).delete();
  }
}
