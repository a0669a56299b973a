/**
 * How a person gets back a license a workflow took (an app's workflow
 * setting `restore`): within `windowDays` of the change, at the same tier;
 * `approval: 'required'` refuses the one-click restore and sends the
 * person to request the app in Productiv Home instead.
 *
 * @public
 */
export type RestoreSettings = {
  windowDays: number;
  approval: 'none' | 'required';
};

/**
 * The restore settings of a workflow that says nothing: 30 days, no approval.
 *
 * @public
 */
export const DEFAULT_RESTORE_SETTINGS: RestoreSettings = {
  windowDays: 30,
  approval: 'none',
};

/**
 * @public
 */
export type LicenseRestoreStatus = 'queued' | 'done' | 'failed';

/**
 * A license given back after a workflow took it, recorded against the run,
 * the action and the rule that took it.
 *
 * @public
 */
export type LicenseRestore = {
  id: string;
  actionId: string;
  runId: string;
  instanceId: string;
  /** Index of the run's rule, from 0, and its name. */
  rule: number;
  ruleName: string;
  oktaUserId: string;
  entityRef?: string;
  /** What was undone. */
  action: 'downgrade' | 'deprovision';
  /** The tier given back. */
  tier?: string;
  tierName?: string;
  /** The monthly saving of the change, which the restore gives up. */
  monthlySaving: number;
  status: LicenseRestoreStatus;
  requestedBy: string;
  requestedAt: string;
  restoredAt?: string;
  /** What was done, or why it failed. */
  detail?: string;
};

/**
 * A license a workflow took from the caller recently (My access, "Recently
 * taken back"), by name, with whether it can be restored now.
 *
 * @public
 */
export type TakenBackLicense = {
  actionId: string;
  runId: string;
  instanceId: string;
  appName: string;
  action: 'downgrade' | 'deprovision';
  fromTierName?: string;
  toTierName?: string;
  takenAt: string;
  /** The automation that took it, in words: the app's workflow and its rule. */
  automation: string;
  ruleName: string;
  /** The end of the restore window. */
  restoreUntil: string;
  /** Whether one click gives it back now; otherwise `refusal` says what to do. */
  restorable: boolean;
  refusal?: string;
  restore?: LicenseRestore;
};

/**
 * Regret of one rule in the results report: how many of the changes it
 * made were given back within the restore window.
 *
 * @public
 */
export type RuleRegret = {
  rule: number;
  ruleName: string;
  /** Seats reclaimed or downgraded (actions done). */
  changed: number;
  /** Of those, seats restored. */
  restored: number;
  /** restored ÷ changed, from 0 to 1; 0 when nothing was changed. */
  regretRate: number;
  /** changed - restored. */
  netSeats: number;
  /** Monthly saving of the changes made. */
  monthlySaving: number;
  /** Monthly saving given back by the restores. */
  restoredSaving: number;
  /** monthlySaving - restoredSaving. */
  netMonthlySaving: number;
};
