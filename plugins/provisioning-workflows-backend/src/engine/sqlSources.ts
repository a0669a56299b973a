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
 * A backtest's sign-in tests, on the last day each person signed in up to
 * the as-of day (`a.last_day`, from the assignment source): plain column
 * tests, which the rules' `or` and `case` evaluate cheaply.
 */
export function pastSignIns(
  windowStart: (days: number) => string,
): SignInTests {
  return {
    noneSince: days => ({
      sql: '(a.last_day is null or a.last_day < ?)',
      bindings: [windowStart(days)],
    }),
    noneSinceAssigned: () => ({
      sql: '(a.last_day is null or a.last_day < a.first_seen_day)',
      bindings: [],
    }),
  };
}

/**
 * A backtest's sign-in tests as anti-joins on the daily counts' key: no
 * count in the window up to the as-of day. For a workflow whose one rule
 * is such a test, PostgreSQL runs it as one hashed anti-join over the
 * window, cheaper than grouping it by person.
 */
export function antiJoinPastSignIns(
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
 * A backtest's sign-in tests over one grouped pass of the daily counts
 * from `from` (the rules' longest window) to the as-of day, joined as `d`
 * with each person's last day in it: no sign-in in a window is a last day
 * before its start; never since assigned is none since the assignment's day
 * in the pass and, before the pass, none by a probe of the key (only for
 * the people the pass found idle).
 */
export function groupedPastSignIns(
  windowStart: (days: number) => string,
  from: string,
): SignInTests {
  return {
    noneSince: days => ({
      sql: '(d.last_day is null or d.last_day < ?)',
      bindings: [windowStart(days)],
    }),
    noneSinceAssigned: () => ({
      sql: `(d.last_day is null or d.last_day < a.first_seen_day)
        and not exists (select 1 from activity_daily ad
          where ad.okta_user_id = a.okta_user_id and ad.instance_id = a.instance_id
            and ad.day >= a.first_seen_day and ad.day < ?)`,
      bindings: [from],
    }),
  };
}

/**
 * Where the assigned people come from: the current assignments, or the
 * intervals held at the end of the as-of day (`nowMs` is then its last
 * millisecond), each with the last day they signed in up to it
 * (`last_day`, with `lastDay`): one probe of the daily counts' key per
 * person, whatever the history's length; the limit keeps the databases
 * from copying the probe to each place the column is used.
 */
export function assignmentSource(
  instanceId: string,
  nowMs: number,
  asOf: AsOf | undefined,
  options: { lastDay: boolean } = { lastDay: true },
): { table: Sql; live: Sql } {
  if (!asOf)
    return {
      table: { sql: 'assignments a', bindings: [] },
      live: {
        sql: 'a.instance_id = ? and a.removed_ms is null',
        bindings: [instanceId],
      },
    };
  const held = {
    sql: 'i.instance_id = ? and i.from_ms <= ? and (i.to_ms is null or i.to_ms > ?)',
    bindings: [instanceId, nowMs, nowMs],
  };
  if (!options.lastDay)
    return {
      table: { sql: 'assignment_intervals a', bindings: [] },
      live: {
        sql: held.sql.replace(/\bi\./g, 'a.'),
        bindings: held.bindings,
      },
    };
  return {
    table: {
      sql: `(select i.instance_id, i.okta_user_id, i.scope, i.group_id,
                i.first_seen_ms, i.first_seen_day,
                (select max(ad.day) from activity_daily ad
                  where ad.okta_user_id = i.okta_user_id
                    and ad.instance_id = i.instance_id and ad.day <= ?) as last_day
              from assignment_intervals i
              where ${held.sql}
              limit 1000000000) a`,
      bindings: [asOf.asOfDay, ...held.bindings],
    },
    live: { sql: '1 = 1', bindings: [] },
  };
}
