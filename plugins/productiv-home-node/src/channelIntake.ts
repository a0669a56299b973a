/**
 * The durations a request may ask for: permanent (absent), or 30, 90 or 180
 * days of access.
 *
 * @public
 */
export const ACCESS_DAYS_OPTIONS = [30, 90, 180] as const;

/**
 * An app of the Home catalog as a channel offers it for a request.
 *
 * @public
 */
export type ChannelRequestableApp = {
  appKey: string;
  name: string;
  description?: string;
  /** Requestable tiers, lowest first, by display name. */
  tiers: Array<{
    tier: string;
    displayName: string;
    description?: string;
    /** Price of one seat per month, when the inventory knows it. */
    monthlyPrice?: number;
  }>;
  /** The tier the person holds now, when they hold one. */
  held?: { tier: string; tierName: string };
};

/**
 * A request waiting for one approver, as a channel lists it.
 *
 * @public
 */
export type ChannelAwaitingRequest = {
  requestId: string;
  level: number;
  requesterName: string;
  appName: string;
  tierName: string;
  /** A tier change: the display name of the tier it replaces. */
  fromTierName?: string;
  requestedAt: string;
  accessDays?: number;
  /** The request's page in the portal. */
  link: string;
};

/**
 * Which field of a request a refusal is about, so that a form can show it
 * there: `app` (not offered, no approver), `tier` (held already, an open
 * request for it, unknown), `justification` (required), `accessDays`.
 *
 * @public
 */
export type ChannelIntakeField =
  | 'app'
  | 'tier'
  | 'justification'
  | 'accessDays';

/**
 * How a channel's request ended: created, or refused with the reason and
 * the field it is about. Refusals are audited by Productiv Home.
 *
 * @public
 */
export type ChannelSubmitResult =
  | { created: true; requestId: string; status: string; level?: number }
  | { created: false; field: ChannelIntakeField; message: string };

/**
 * What Productiv Home lets a channel (Slack) do for a person the channel
 * identified itself: a signed Slack request whose user maps to exactly one
 * catalog User by e-mail. Like {@link ApprovalDecisions}, it is trusted:
 * the channel vouches for who the person is, and Productiv Home applies its
 * own rules (the same intake as the portal's `POST /requests`: only apps of
 * the catalog, the tier held refused, one open request per app and tier,
 * the justification when the settings require it) and audits each request
 * with `via`.
 *
 * @public
 */
export interface ChannelIntake {
  /**
   * The catalog apps whose name (or key) contains every word of `search`
   * (all when empty), by name, with their tiers and what the person holds.
   */
  searchApps(input: {
    requesterRef: string;
    search?: string;
  }): Promise<ChannelRequestableApp[]>;
  /** One catalog app, as {@link ChannelIntake.searchApps} shows it. */
  getApp(input: {
    requesterRef: string;
    appKey: string;
  }): Promise<ChannelRequestableApp | undefined>;
  /** Whether a request needs a justification (the settings). */
  justificationRequired(): Promise<boolean>;
  /** Asks for an app as the person, through Productiv Home's intake. */
  submit(input: {
    requesterRef: string;
    appKey: string;
    tier: string;
    justification?: string;
    /** One of {@link ACCESS_DAYS_OPTIONS}; permanent when absent. */
    accessDays?: number;
    /** The channel, for the audit event: `slack`. */
    via: string;
  }): Promise<ChannelSubmitResult>;
  /** The requests waiting for this approver's decision, oldest first. */
  listAwaiting(approverRef: string): Promise<ChannelAwaitingRequest[]>;
  /**
   * These requests as a list names them, whatever their state (e.g. to say
   * which of a bulk approval were refused); unknown ids are left out.
   */
  describe(requestIds: string[]): Promise<ChannelAwaitingRequest[]>;
}
