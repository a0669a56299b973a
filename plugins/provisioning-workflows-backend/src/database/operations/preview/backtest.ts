import { rawRows } from '../../util';
import { WorkflowDbContext } from '../context';
import { PreviewMatchRow } from './preview';

type Statement = {
  sql: string;
  bindings: Array<string | number | boolean | null>;
};

/** A person a backtest matched: the preview's columns and their sign-in days around the as-of day. */
export type BacktestMatchRow = PreviewMatchRow & {
  /** Last day with a sign-in up to the as-of day. */
  last_day: string | null;
  /** First day with a sign-in after it (up to today). */
  back_day: string | null;
};

/**
 * The people a compiled backtest matches (its statement gives their last
 * day with a sign-in up to the as-of day), each with the first day they
 * signed in after it: one probe of the daily counts' key per matched
 * person, so only matches pay for it.
 */
export async function backtestMatches(
  ctx: WorkflowDbContext,
  statement: Statement,
  options: { instanceId: string; asOfDay: string },
): Promise<BacktestMatchRow[]> {
  const { instanceId, asOfDay } = options;
  // The statement's last day is of its activity pass when it has one
  // (PostgreSQL): for the people idle in it, the day before it is probed.
  const sql = `select x.okta_user_id, x.scope, x.group_id, x.first_seen_ms,
      x.email, x.display_name, x.tier, x.monthly_price, x.last_sign_in_ms,
      x.rule_index,
      coalesce(x.last_day, (select max(ad.day) from activity_daily ad
        where ad.okta_user_id = x.okta_user_id and ad.instance_id = ?
          and ad.day <= ?)) as last_day,
      (select min(ad.day) from activity_daily ad
        where ad.okta_user_id = x.okta_user_id and ad.instance_id = ?
          and ad.day > ?) as back_day
    from (${statement.sql}) x
    order by x.rule_index, x.email, x.okta_user_id`;
  return rawRows<BacktestMatchRow>(
    await ctx.knex.raw(sql, [
      instanceId,
      asOfDay,
      instanceId,
      asOfDay,
      ...statement.bindings,
    ]),
  );
}

/** The first day of activity kept for an instance, if any. */
export async function activityStart(
  ctx: WorkflowDbContext,
  instanceId: string,
): Promise<string | undefined> {
  const row = await ctx
    .knex('activity_daily')
    .where({ instance_id: instanceId })
    .min('day as first')
    .first();
  return row?.first ?? undefined;
}
