import { CatalogTier } from './access';
/**
 * Who approves at one level of an app's approval chain.
 *
 * @public
 */
export type ApproverSpec =
  | { type: 'manager' }
  | { type: 'app-owner' }
  | { type: 'users'; users: string[] }
  | { type: 'group'; group: string };

/**
 * An app offered in Productiv Home.
 *
 * @public
 */
export type HomeApp = {
  appKey: string;
  name: string;
  description: string;
  category: string;
  /** Requestable license tiers; at least one. */
  tiers: string[];
  /** Entity refs of the app's owners (they administer it in Home). */
  owners: string[];
  approval: {
    /** Who needs approval: everyone, everyone except members of `exceptGroups`, or no one. */
    required: 'everyone' | 'everyone-except' | 'no-one';
    exceptGroups: string[];
    /** Up to two levels; empty means the default approvers. */
    levels: ApproverSpec[];
  };
  /** `automatic` through the tier's Okta group; `ticket` to IT; `manual` marks it fulfilled on approval. */
  fulfillment: 'automatic' | 'ticket' | 'manual';
  /**
   * Where the app lives in Okta, named explicitly: required for automatic
   * fulfillment, optional otherwise. Saving checks it against the inventory.
   */
  okta?: HomeAppOktaLink;
  /** The app's own escalation of overdue approvals; the default settings' when absent. */
  escalation?: EscalationSettings;
  /** The app's own limit for pending requests; the default settings' when absent. */
  expiry?: ExpirySettings;
  /**
   * How long access lasts: a default and a maximum in days, for the app
   * and optionally per tier. Permanent when absent.
   */
  duration?: AppAccessDuration;
};

/**
 * How long a grant of an app (or one tier) lasts. Without `maxDays` a
 * request may ask for permanent access; with it, every grant ends within
 * `maxDays` of being fulfilled.
 *
 * @public
 */
export type AccessDuration = {
  /** Preselected in the request dialog; used when a request names none. Permanent when absent. */
  defaultDays?: number;
  /** The longest a request may ask for; permanent access allowed when absent. */
  maxDays?: number;
};

/**
 * An app's durations: the app's own, and tiers that differ from it.
 *
 * @public
 */
export type AppAccessDuration = AccessDuration & {
  tiers?: Record<string, AccessDuration>;
};

/**
 * The duration that applies to a tier of an app: the tier's own, else the
 * app's, else permanent (`{}`).
 *
 * @public
 */
export function durationOf(
  app: Pick<HomeApp, 'duration'>,
  tier: string,
): AccessDuration {
  const own = app.duration?.tiers?.[tier];
  if (own && (own.defaultDays !== undefined || own.maxDays !== undefined)) {
    return { defaultDays: own.defaultDays, maxDays: own.maxDays };
  }
  if (!app.duration) return {};
  return {
    defaultDays: app.duration.defaultDays,
    maxDays: app.duration.maxDays,
  };
}

/**
 * Days before a grant ends that its holder and approver are warned, when
 * the settings set none.
 *
 * @public
 */
export const DEFAULT_EXPIRY_WARNING_DAYS = [3, 1];

/**
 * What happens to an approval nobody decided within its service level:
 * after `afterDays` (counted from when the level's approvers were asked),
 * the fallback approver, or the manager of each approver, is asked too,
 * once per level. The original approvers may still decide.
 *
 * @public
 */
export type EscalationSettings = {
  /** Days an approval may wait before it is escalated; default 3. */
  afterDays: number;
  /** Who is asked then. */
  to: 'fallback' | 'manager';
};

/**
 * When a request that still waits for approval is closed as expired,
 * counted from when it was made; the requester and the approvers are told.
 *
 * @public
 */
export type ExpirySettings = {
  /** Days a request may wait for approval; default 30. */
  afterDays: number;
};

/**
 * Escalation when neither the app nor the settings set one: the fallback
 * approver after 3 days.
 *
 * @public
 */
export const DEFAULT_ESCALATION: EscalationSettings = {
  afterDays: 3,
  to: 'fallback',
};

/**
 * Expiry when neither the app nor the settings set one: 30 days.
 *
 * @public
 */
export const DEFAULT_EXPIRY: ExpirySettings = { afterDays: 30 };

/**
 * A Home app's link to the inventory: the Okta app instance it grants, and
 * how each requestable tier is granted.
 *
 * @public
 */
export type HomeAppOktaLink = {
  /** Id of the inventory app instance (the Okta app's id). */
  instanceId: string;
  /** One entry per requestable tier of the app. */
  tiers: HomeAppTierGrant[];
};

/**
 * How one tier is granted: membership of an Okta group assigned to the
 * instance, an assignment of the Okta app itself (apps whose tiers are not
 * groups), or a ticket to IT (for tiers Okta cannot grant).
 *
 * @public
 */
export type HomeAppTierGrant =
  | { tier: string; grant: 'okta-group'; groupId: string }
  | { tier: string; grant: 'okta-app' }
  | { tier: string; grant: 'ticket' };

/**
 * Global settings of Productiv Home.
 *
 * @public
 */
export type HomeSettings = {
  approvalMethod: 'slack' | 'email';
  /** Approver levels for apps without their own, and for intake requests. */
  defaultApprovers: ApproverSpec[];
  /** Used only when a primary approver cannot be resolved. */
  fallbackApprover?: string;
  /** Hours after which pending approvers are reminded, e.g. [24, 72]. */
  reminderHours: number[];
  justificationRequired: boolean;
  /** Overdue approvals; {@link DEFAULT_ESCALATION} when absent. Apps may set their own. */
  escalation?: EscalationSettings;
  /** Requests left pending too long; {@link DEFAULT_EXPIRY} when absent. Apps may set their own. */
  expiry?: ExpirySettings;
  /**
   * Audit-trail tickets: for every request fulfilled automatically (Okta),
   * a ticket in the configured ticketing system is opened when the request
   * is approved and resolved with the outcome. Off when absent.
   */
  auditTrailTickets?: boolean;
  /**
   * Days before time-bound access ends that the holder and the approver of
   * record are warned, each once; {@link DEFAULT_EXPIRY_WARNING_DAYS} when absent.
   */
  expiryWarningDays?: number[];
};

/**
 * Every status of an access request.
 *
 * @public
 */
export const REQUEST_STATUSES = [
  'pending_approval',
  'approved',
  'denied',
  'cancelled',
  'fulfilling',
  'fulfilled',
  'failed',
  'expired',
] as const;

/**
 * @public
 */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Statuses in which a request is still open.
 *
 * @public
 */
export const OPEN_REQUEST_STATUSES: RequestStatus[] = [
  'pending_approval',
  'approved',
  'fulfilling',
];

/**
 * What a request asks for: `grant` gives access to a tier (or changes the
 * tier held, see `fromTier`); `return` gives back the tier the requester
 * holds, which frees a seat and needs no approval; `reclaim` is a removal
 * or downgrade decided by license automation that IT makes by hand;
 * `extend` asks to keep time-bound access longer (the app's approval policy
 * applies; approved, it moves the grant's expiry, nothing changes in Okta);
 * `expire` removes time-bound access at its expiry, like a `return`.
 *
 * @public
 */
export type RequestKind = 'grant' | 'return' | 'reclaim' | 'extend' | 'expire';

/**
 * One step in a request's history.
 *
 * @public
 */
export type RequestEvent = {
  at: string;
  /** Entity ref of who did it, or `system`. */
  actor: string;
  type:
    | 'submitted'
    | 'approval-requested'
    | 'approved'
    | 'denied'
    | 'cancelled'
    | 'reminder-sent'
    | 'ticket-opened'
    | 'retried'
    | 'fallback-used'
    | 'escalated'
    | 'expired'
    | 'fulfilling'
    | 'fulfilled'
    | 'failed'
    /** Time-bound access: `comment` is the expiry (ISO time). */
    | 'access-expires'
    /** An extension moved the expiry: `comment` is the new one (ISO time). */
    | 'extended'
    /** Warned the holder and approver: `comment` is the expiry (ISO time). */
    | 'expiry-warned'
    /** The access ended at its expiry and is being removed. */
    | 'access-expired'
    /** The holding was gone from the inventory: removed in Okta by hand. */
    | 'removed-in-okta';
  level?: number;
  comment?: string;
  status: RequestStatus;
  /**
   * An approval or denial by an admin who was not an approver of the level:
   * the approvers it was decided for (entity refs).
   */
  onBehalfOf?: string[];
};

/**
 * An access request with its approvals and history.
 *
 * @public
 */
export type AccessRequest = {
  id: string;
  requester: string;
  appKey: string;
  tier: string;
  /**
   * For a tier change: the tier the requester held when asking, which
   * fulfillment takes away when it grants `tier`.
   */
  fromTier?: string;
  /**
   * `return` for a license given back (`tier` is the tier given back);
   * `reclaim` for a license taken back or downgraded by license automation
   * (provisioning workflows) that IT changes by hand: `tier` is the tier
   * removed, or for a downgrade the tier moved to (`fromTier` the one
   * taken away); absent for a grant.
   */
  kind?: RequestKind;
  justification?: string;
  /**
   * Days of access asked for; permanent when absent. For `extend`, the
   * days added from the current expiry.
   */
  accessDays?: number;
  /**
   * When the access this request granted ends (time-bound access, set at
   * fulfillment and moved by extensions); for `extend`, the grant's expiry.
   */
  expiresAt?: string;
  /** The grant an `extend` or `expire` request is about (the granting request's id). */
  grantId?: string;
  status: RequestStatus;
  /** The approval level now pending (1 or 2), when pending. */
  level?: number;
  approvals: Array<{
    level: number;
    approver: string;
    viaFallback: boolean;
    /** Asked because the level's approval was overdue (escalation). */
    viaEscalation?: boolean;
    decision?: 'approved' | 'denied';
    decidedAt?: string;
    remindersSent: number;
  }>;
  history: RequestEvent[];
  /** How the approved request is being fulfilled. */
  fulfillment?: {
    provider?: string;
    /** The ticket opened for it, in its system. */
    externalId?: string;
    externalUrl?: string;
    /** Why fulfillment failed (status `failed`). */
    failureReason?: string;
  };
  createdAt: string;
  updatedAt: string;
};

/**
 * What employees see of an app in the catalog listing: the approval and
 * fulfillment settings and the owners stay with the admins.
 *
 * @public
 */
export type CatalogListing = Pick<
  HomeApp,
  'appKey' | 'name' | 'description' | 'category' | 'tiers' | 'duration'
>;

/**
 * An app of the employee's catalog, with how many peers used it in the last 30 days.
 *
 * @public
 */
export type CatalogApp = CatalogListing & {
  /** Absent when the usage data is not available. */
  peers?: { team: number; title: number; department: number };
  /**
   * The requestable tiers with their names, descriptions and prices, lowest
   * first; absent when the inventory cannot be read.
   */
  tierDetails?: CatalogTier[];
  /** What the caller holds of this app now (Okta); absent when nothing. */
  held?: { tier?: string; tierName?: string; since: string };
};
