/** A value bound to a `?` of a statement. */
export type SqlValue = string | number | boolean | null;

export type Sql = { sql: string; bindings: SqlValue[] };

/**
 * The sign-in tests of the rules: over `activity_last` now (the preview),
 * or over the daily counts up to the as-of day (a backtest).
 */
export type SignInTests = {
  /** No sign-in in the last `days` days (before `cutMs`). */
  noneSince(days: number, cutMs: number): Sql;
  /** No sign-in since the assignment began. */
  noneSinceAssigned(): Sql;
};

/**
 * The past a backtest looks at: the assignments held at the end of
 * `asOfDay` (their intervals) and the activity up to that day, included.
 */
export type AsOf = { asOfDay: string };

/** The preview's sign-in tests: the last sign-in of `activity_last`. */
export const CURRENT_SIGN_INS: SignInTests = {
  noneSince: (_days, cutMs) => ({
    sql: '(l.last_sign_in_ms is null or l.last_sign_in_ms < ?)',
    bindings: [cutMs],
  }),
  noneSinceAssigned: () => ({
    sql: '(l.last_sign_in_ms is null or l.last_sign_in_ms < a.first_seen_ms)',
    bindings: [],
  }),
};

/**
 * A backtest's sign-in tests: no daily count in the window up to the
 * as-of day (an anti-join on the daily counts' key), as `activity_last`
 * knows only the latest sign-in.
 */
export function pastSignIns(
  asOfDay: string,
  windowStart: (days: number) => string,
): SignInTests {
  const none = (from: string) =>
    `not exists (select 1 from activity_daily ad
        where ad.okta_user_id = a.okta_user_id and ad.instance_id = a.instance_id
          and ad.day >= ${from} and ad.day <= ?)`;
  return {
    noneSince: days => ({
      sql: none('?'),
      bindings: [windowStart(days), asOfDay],
    }),
    noneSinceAssigned: () => ({
      sql: none('a.first_seen_day'),
      bindings: [asOfDay],
    }),
  };
}

/**
 * Where the assigned people come from: the current assignments, or the
 * intervals held at the end of the as-of day (`nowMs` is then its last
 * millisecond).
 */
export function assignmentSource(
  instanceId: string,
  nowMs: number,
  asOf: AsOf | undefined,
): { table: string; live: Sql } {
  if (!asOf)
    return {
      table: 'assignments a',
      live: {
        sql: 'a.instance_id = ? and a.removed_ms is null',
        bindings: [instanceId],
      },
    };
  return {
    table: 'assignment_intervals a',
    live: {
      sql: 'a.instance_id = ? and a.from_ms <= ? and (a.to_ms is null or a.to_ms > ?)',
      bindings: [instanceId, nowMs, nowMs],
    },
  };
}
