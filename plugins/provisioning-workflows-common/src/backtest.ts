import { PreviewEntry } from './workflows';

/**
 * A person a backtest found: whom the workflow would have changed on the
 * as-of day, and whether they signed in to the app again afterwards.
 *
 * @public
 */
export type BacktestEntry = Omit<PreviewEntry, 'lastSignIn'> & {
  /** The last day (UTC, YYYY-MM-DD) with a sign-in up to the as-of day. */
  lastSignInDay?: string;
  /** The first day (UTC) with a sign-in after the as-of day, up to today: a would-be regret. */
  signedInAgainOn?: string;
};

/**
 * What a workflow would have done on a past day, over the assignments held
 * then and the activity up to then.
 *
 * @public
 */
export type WorkflowBacktest = {
  instanceId: string;
  /** The day (UTC, YYYY-MM-DD) as of whose end the workflow ran. */
  asOf: string;
  computedAt: string;
  /** The first day of activity kept for the instance. */
  historyStart: string;
  assignedUsers: number;
  exemptUsers: number;
  /** Every match; `entries` holds up to the limit. */
  total: number;
  monthlySaving: number;
  /** How many of the matched people signed in to the app again after the as-of day. */
  wouldBeRegrets: number;
  entries: BacktestEntry[];
};

/**
 * The body of `POST /workflows/{instanceId}/backtest`: a day, or 30, 60 or
 * 90 days ago, and the definition being edited (the saved one without).
 *
 * @public
 */
export type BacktestRequest = {
  asOf?: string;
  daysAgo?: 30 | 60 | 90;
};
