/**
 * What one app instance's licenses cost and what license automation saves
 * on it (`GET /dashboard`). Money is per month, in the currency the tier
 * prices are kept in (US dollars).
 *
 * @public
 */
export type DashboardFigures = {
  /** People holding a seat now (current assignments). */
  seatsHeld: number;
  /** Holders with no sign-in to the instance in the last 30 days. */
  unusedSeats: number;
  /** Held seats times their tier's monthly price, over priced tiers. */
  monthlySpend: number;
  /** Held seats whose tier has no price (or that grant no known tier): their spend is unknown. */
  unpricedSeats: number;
  /** Seats bought, over the tiers that have a seat count; absent when none has. */
  purchasedSeats?: number;
  /** Purchased seats times their tier's monthly price, over priced tiers with a seat count. */
  purchasedMonthlySpend?: number;
  /** What the enabled workflows would reclaim or downgrade now, per month: the sum of their previews. */
  potentialMonthlySaving: number;
  /** People the enabled workflows would change now. */
  potentialSeats: number;
  /** Monthly savings of the changes finished runs made, before restores. */
  realisedGrossMonthlySaving: number;
  /** Monthly savings given back by licenses restored after a reclaim. */
  restoredMonthlySaving: number;
  /** Realised savings net of restores. */
  realisedMonthlySaving: number;
};

/**
 * One app instance on the savings dashboard.
 *
 * @public
 */
export type DashboardApp = DashboardFigures & {
  instanceId: string;
  appKey: string;
  /** The product's name (its shortest instance label). */
  appName: string;
  instanceLabel: string;
  /** Whether an enabled (active) workflow runs on this instance. */
  workflowEnabled: boolean;
};

/**
 * One period of the dashboard's chart.
 *
 * @public
 */
export type DashboardPoint = {
  /** First UTC day of the period, YYYY-MM-DD. */
  from: string;
  /** Last UTC day of the period, YYYY-MM-DD. */
  to: string;
  /** Monthly spend as of the last inventory snapshot in the period; absent when none was taken. */
  monthlySpend?: number;
  /** Monthly savings of the changes made in the period, net of the restores in it. */
  realisedMonthlySaving: number;
};

/**
 * The savings dashboard: per app instance and in total, with spend and
 * realised savings per week over the last 12 weeks.
 *
 * @public
 */
export type SavingsDashboard = {
  /** ISO 4217 code of every amount. */
  currency: string;
  generatedAt: string;
  /** By app name, then instance label. */
  apps: DashboardApp[];
  totals: DashboardFigures;
  /** Oldest first. */
  series: DashboardPoint[];
};
