/**
 * A reclaim or downgrade that another plugin (provisioning workflows) asks
 * IT to make because Okta cannot: the body of `POST /it-changes`.
 */
export type ItChangeInput = {
  /** The caller's key for the change (its action id): the same key is the same change. */
  idempotencyKey: string;
  /** The person: their catalog entity ref, or their e-mail to find them by. */
  personRef?: string;
  email?: string;
  /** The Okta app (inventory instance) and its names. */
  oktaAppId?: string;
  appName: string;
  instanceLabel?: string;
  change: 'remove' | 'downgrade';
  /** The tier taken away; absent for an app without tiers (a removal). */
  fromTier?: string;
  fromTierName?: string;
  /** For a downgrade: the tier the person moves to. */
  toTier?: string;
  toTierName?: string;
  /** Why it was decided, in words (the workflow and its rule). */
  reason: string;
  /** The caller's page about it (the run's results). */
  link?: string;
};

/** Where a change handed to IT stands. */
export type ItChangeStatus = {
  idempotencyKey: string;
  requestId: string;
  /** `open` until IT resolves the ticket; `failed` with the reason. */
  status: 'open' | 'done' | 'failed';
  reason?: string;
  ticket?: { provider?: string; externalId?: string; externalUrl?: string };
};
