import { Knex } from 'knex';
import { chunks } from './util';

/** What one ingest window adds, written in one transaction with the new high-water mark. */
export type ActivityWindow = {
  source: string;
  /** The end of the window: everything published before it has been read. */
  highWaterMs: number;
  /** Sign-ins to add, per user, instance and UTC day. */
  daily: Array<{
    oktaUserId: string;
    instanceId: string;
    day: string;
    signIns: number;
  }>;
  /** Latest sign-in seen per user and instance in the window. */
  last: Array<{ oktaUserId: string; instanceId: string; lastSignInMs: number }>;
  /** Uuids of events that a later window may read again (its overlap). */
  seen: Array<{ uuid: string; publishedMs: number }>;
  /** Forget seen uuids published before this time; no window reads them again. */
  forgetSeenBeforeMs: number;
};

/** SSO activity: daily sign-in counts, last sign-ins, and the ingest's progress. */
export class ActivityStore {
  constructor(private readonly knex: Knex) {}

  async highWater(source: string): Promise<number | undefined> {
    const row = await this.knex('ingest_state').where({ source }).first();
    return row ? Number(row.high_water_ms) : undefined;
  }

  /** The uuids among `uuids` that an earlier window already counted. */
  async alreadySeen(uuids: string[]): Promise<Set<string>> {
    const seen = new Set<string>();
    for (const batch of chunks(uuids, 500)) {
      for (const row of await this.knex('activity_seen_events')
        .whereIn('uuid', batch)
        .select('uuid')) {
        seen.add(row.uuid);
      }
    }
    return seen;
  }

  /** Adds a window's counts and moves the high-water mark, all or nothing. */
  async commitWindow(w: ActivityWindow): Promise<void> {
    await this.knex.transaction(async trx => {
      for (const batch of chunks(w.daily, 250)) {
        await trx('activity_daily')
          .insert(
            batch.map(d => ({
              okta_user_id: d.oktaUserId,
              instance_id: d.instanceId,
              day: d.day,
              sign_ins: d.signIns,
            })),
          )
          .onConflict(['okta_user_id', 'instance_id', 'day'])
          .merge({
            sign_ins: trx.raw('activity_daily.sign_ins + excluded.sign_ins'),
          });
      }
      for (const batch of chunks(w.last, 250)) {
        await trx('activity_last')
          .insert(
            batch.map(l => ({
              okta_user_id: l.oktaUserId,
              instance_id: l.instanceId,
              last_sign_in_ms: l.lastSignInMs,
            })),
          )
          .onConflict(['okta_user_id', 'instance_id'])
          .merge({
            last_sign_in_ms: trx.raw(
              'case when excluded.last_sign_in_ms > activity_last.last_sign_in_ms then excluded.last_sign_in_ms else activity_last.last_sign_in_ms end',
            ),
          });
      }
      for (const batch of chunks(w.seen, 400)) {
        await trx('activity_seen_events')
          .insert(
            batch.map(s => ({ uuid: s.uuid, published_ms: s.publishedMs })),
          )
          .onConflict('uuid')
          .ignore();
      }
      await trx('activity_seen_events')
        .where('published_ms', '<', w.forgetSeenBeforeMs)
        .delete();
      await trx('ingest_state')
        .insert({
          source: w.source,
          high_water_ms: w.highWaterMs,
          updated_at_ms: Date.now(),
        })
        .onConflict('source')
        .merge(['high_water_ms', 'updated_at_ms']);
    });
  }

  /**
   * Deletes the daily counts before `day` (YYYY-MM-DD) of the known
   * instances, instance by instance on the (instance, day) index, and the assignment intervals
   * that ended before it: what the retention no longer keeps. Returns the
   * rows deleted.
   */
  async pruneBefore(day: string): Promise<number> {
    let deleted = 0;
    // The instances from their (small) table, kept when removed from Okta:
    // a distinct over the daily counts would read them all each time.
    const instances: string[] = await this.knex('app_instances').pluck('id');
    for (const instanceId of instances) {
      deleted += await this.knex('activity_daily')
        .where({ instance_id: instanceId })
        .where('day', '<', day)
        .delete();
    }
    deleted += await this.knex('assignment_intervals')
      .whereNotNull('to_ms')
      .where('to_ms', '<', Date.parse(`${day}T00:00:00.000Z`))
      .delete();
    return deleted;
  }

  /** Daily counts and last sign-in of every user and instance (for checks and exports). */
  async usage(): Promise<
    Array<{
      oktaUserId: string;
      instanceId: string;
      lastSignInMs: number;
      days: Record<string, number>;
    }>
  > {
    const last = await this.knex('activity_last').select();
    const daily = await this.knex('activity_daily').select();
    const byKey = new Map<
      string,
      {
        oktaUserId: string;
        instanceId: string;
        lastSignInMs: number;
        days: Record<string, number>;
      }
    >();
    for (const l of last) {
      byKey.set(`${l.okta_user_id}|${l.instance_id}`, {
        oktaUserId: l.okta_user_id,
        instanceId: l.instance_id,
        lastSignInMs: Number(l.last_sign_in_ms),
        days: {},
      });
    }
    for (const d of daily) {
      const row = byKey.get(`${d.okta_user_id}|${d.instance_id}`);
      if (row) row.days[d.day] = Number(d.sign_ins);
    }
    return [...byKey.values()];
  }
}
