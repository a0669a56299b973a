import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ChannelIntake } from './channelIntake';

/**
 * An approved request handed to a fulfillment provider, with everything a
 * provider needs to grant access (or take it away) or to write a ticket.
 *
 * @public
 */
export type ApprovedRequest = {
  requestId: string;
  /**
   * `grant` (the default when absent) gives the person `tier`; `remove`
   * takes `tier` away (a license given back): the provider removes the
   * person from `oktaGroupId`, or unassigns `oktaAppId`, checking first so
   * that a retry writes nothing twice; a ticket asks for the removal.
   */
  action?: 'grant' | 'remove';
  /** Entity ref of the person who gets access (or gives it back). */
  requesterRef: string;
  requesterName?: string;
  requesterEmail?: string;
  appKey: string;
  appName: string;
  tier: string;
  /**
   * The tier's display name from the inventory, e.g. `Viewer`. Productiv
   * Home always sets it; a provider given a request without it shows the
   * key title-cased.
   */
  tierName?: string;
  /** The Okta group that grants this tier, when the app has one. */
  oktaGroupId?: string;
  /** The Okta app (instance) to assign when the tier has no group. */
  oktaAppId?: string;
  /**
   * A tier change: the tier the person had, and the Okta group that granted
   * it, which the provider takes the person out of once the new tier is
   * granted (a ticket says to).
   */
  replaces?: { tier: string; oktaGroupId?: string };
  justification?: string;
  /**
   * Set when license automation (a provisioning workflow) decided the
   * change and Okta cannot make it, so IT makes it by hand: a reclaim
   * (`remove`, with `action: 'remove'`) or a downgrade from `fromTierName`
   * to `tier`, with why it was decided. Nobody approved it.
   */
  automation?: {
    change: 'remove' | 'downgrade';
    fromTierName?: string;
    reason: string;
  };
  /** Who approved, level by level. */
  approvals: Array<{ level: number; approver: string; decidedAt?: string }>;
  /** The request's page in the portal. */
  link: string;
};

/**
 * What a fulfillment provider reports back. A provider throws on failures
 * worth retrying (429, 5xx, timeouts): the job runner retries them with
 * backoff. `failed` is final (e.g. the person has no Okta account).
 *
 * @public
 */
export type FulfillmentResult =
  | { status: 'fulfilled'; detail?: string }
  /** Access is on its way outside the portal (a ticket); `externalId` identifies it. */
  | { status: 'pending'; externalId: string; externalUrl?: string }
  | { status: 'failed'; reason: string };

/**
 * Where a ticket stands in its system.
 *
 * @public
 */
export type TicketStatus = {
  status: 'open' | 'resolved' | 'rejected';
  detail?: string;
};

/**
 * Context of a provider call made from a durable job.
 *
 * @public
 */
export type FulfillmentContext = {
  logger: LoggerService;
  signal?: AbortSignal;
  /**
   * Stable across retries of the same job and across replicas: a provider
   * uses it so that a retry never grants or opens a ticket twice.
   */
  idempotencyKey: string;
};

/**
 * Turns an approved request into access: an Okta group membership, a ticket
 * in Jira Service Management or Zendesk, an e-mail to IT...
 *
 * @public
 */
export interface FulfillmentProvider {
  /** Stable id: `okta`, `jira-service-management`, `zendesk`, `email`. */
  readonly id: string;
  /** `access` grants access itself (Okta); `ticket` asks people to (the others). */
  readonly kind: 'access' | 'ticket';
  fulfill(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult>;
  /** Tickets: where one stands now, for systems followed by polling. */
  ticketStatus?(
    externalId: string,
    ctx: { logger: LoggerService; signal?: AbortSignal },
  ): Promise<TicketStatus>;
  /**
   * Tickets: systems that call back (webhooks) report changes here; the
   * plugin subscribes once at startup.
   */
  onTicketUpdate?(
    listener: (update: { externalId: string } & TicketStatus) => Promise<void>,
  ): void;
  /** A live call that checks the connector; resolves with what it found or throws the reason. */
  test?(ctx: { logger: LoggerService }): Promise<string>;
}

/**
 * Lets backend modules add fulfillment providers to Productiv Home.
 *
 * @public
 */
export interface ProductivHomeFulfillmentExtensionPoint {
  addProvider(
    ...providers: Array<FulfillmentProvider | FulfillmentProvider[]>
  ): void;
}

/**
 * Extension point for fulfillment providers.
 *
 * @public
 */
export const productivHomeFulfillmentExtensionPoint =
  createExtensionPoint<ProductivHomeFulfillmentExtensionPoint>({
    id: 'productiv-home.fulfillment',
  });

/**
 * A request waiting for one approver, as an approval channel shows it.
 *
 * @public
 */
export type ApprovalMessage = {
  requestId: string;
  level: number;
  approverRef: string;
  approverEmail?: string;
  requesterRef: string;
  /** The requester's catalog display name, else the name in their ref (`emma.jones`). */
  requesterName: string;
  appName: string;
  /** The tier's key, e.g. `editor`. */
  tier: string;
  /**
   * The tier's display name from the inventory, e.g. `Editor`. Productiv
   * Home always sets it; a channel given a message without it shows the key
   * title-cased.
   */
  tierName?: string;
  /** A tier change: the tier the requester holds now, which this one replaces. */
  fromTier?: string;
  /** A tier change: the display name of {@link ApprovalMessage.fromTier}. */
  fromTierName?: string;
  /** When the request was made (ISO 8601); channels show it readably. */
  requestedAt?: string;
  justification?: string;
  /** Monthly cost of one license of the tier, when known. */
  tierMonthlyCost?: number;
  /** How many of the requester's peers used the app in the last 30 days. */
  peers?: { team: number; title: number; department: number };
  /** The requester's job title, from the catalog. */
  requesterTitle?: string;
  /** The requester's team (their first group), by display name. */
  requesterTeam?: string;
  /**
   * How many people on the requester's team hold the requested tier now
   * (from the inventory's assignments), the requester left out.
   */
  peersAtTier?: number;
  /** Seats of the tier nobody holds: its licensed seats minus its holders, when the seats are known. */
  tierFreeSeats?: number;
  /** Days of access asked for; permanent when absent. */
  accessDays?: number;
  /** The request's page in the portal. */
  link: string;
};

/**
 * An update for the requester (or anyone else) about a request.
 *
 * @public
 */
export type RequestUpdateMessage = {
  requestId: string;
  recipientRef: string;
  recipientEmail?: string;
  /**
   * `approver` when the recipient is not the requester (e.g. an approver
   * told that the request expired); the requester when absent.
   */
  recipientRole?: 'requester' | 'approver';
  /** The app and tier the request is for, by name (`Figma`, `Editor`). */
  appName: string;
  tierName: string;
  /** A tier change: the display name of the tier it replaces. */
  fromTierName?: string;
  /** One line that names the app and tier, e.g. `Your request for Figma Editor was approved`. */
  title: string;
  description: string;
  link: string;
};

/**
 * Something the Productiv admins should know about: a fulfillment that
 * failed for good, a fallback approver used, an overdue approval escalated,
 * a request for an app that is not in the catalog.
 *
 * @public
 */
export type AdminNotice = {
  /** One line, e.g. `Access to Figma (editor) for Emma Jones failed`. */
  title: string;
  /** What happened and what an admin can do about it. */
  description?: string;
  /** Where to act, e.g. the request's page in the portal. */
  link?: string;
  /** The request it concerns, when there is one. */
  requestId?: string;
  /**
   * `warning` (the default when absent) for what needs an admin, such as a
   * failure or an escalation; `info` for what they may want to know, such
   * as a request for an app that is not in the catalog.
   */
  severity?: 'info' | 'warning';
};

/**
 * How a channel reports an approver's decision to Productiv Home. The
 * plugin checks that the approver is the one the request waits on, and
 * audits refusals.
 *
 * @public
 */
export interface ApprovalDecisions {
  decide(input: {
    requestId: string;
    approverRef: string;
    decision: 'approved' | 'denied';
    comment?: string;
    via: string;
    /**
     * The level the approver was asked at. When given, the decision only
     * counts while the request waits at that level, so that an old message
     * (e.g. an e-mail link) cannot decide a later level for the same person.
     */
    level?: number;
  }): Promise<{ status: string; level?: number }>;
}

/**
 * Asks approvers where they are (Slack, e-mail) and keeps them and the
 * requester informed. Calls are made from durable jobs: a channel throws on
 * failures worth retrying.
 *
 * @public
 */
export interface ApprovalChannel {
  /** `slack` or `email`: the settings' approval method picks one. */
  readonly id: string;
  /** Asks an approver; returns a reference to the message, to update it later. */
  requestApproval(
    message: ApprovalMessage,
    ctx: FulfillmentContext,
  ): Promise<{ ref?: string }>;
  /** Shows the outcome where the approver was asked (e.g. updates the Slack message). */
  showOutcome?(
    message: ApprovalMessage,
    ref: string,
    outcome: {
      /** `expired`: nobody decided before the request's limit; it was closed. */
      status:
        | 'approved'
        | 'denied'
        | 'cancelled'
        | 'decided-elsewhere'
        | 'expired';
      /** Who decided, by name ("Olivia Chen", "Alex Morgan, an admin, on behalf of the approvers"). */
      by?: string;
    },
    ctx: FulfillmentContext,
  ): Promise<void>;
  remind(message: ApprovalMessage, ctx: FulfillmentContext): Promise<void>;
  tellRequester(
    update: RequestUpdateMessage,
    ctx: FulfillmentContext,
  ): Promise<void>;
  /**
   * Tells the Productiv admins about something that needs them, such as a
   * fulfillment that failed for good. Present only when the channel has an
   * admin destination configured (e.g. a Slack channel); posts once per
   * `idempotencyKey`.
   */
  notifyAdmins?(notice: AdminNotice, ctx: FulfillmentContext): Promise<void>;
  /** A live call that checks the connector; resolves with what it found or throws the reason. */
  test?(ctx: { logger: LoggerService }): Promise<string>;
}

/**
 * Lets backend modules add approval channels. A channel is created with the
 * plugin's {@link ApprovalDecisions}, through which its HTTP routes (Slack
 * interactivity, e-mail confirmation pages) report decisions, and its
 * {@link ChannelIntake}, through which a channel that knows who a person is
 * (Slack) lets them request apps and list what waits for them.
 *
 * @public
 */
export interface ProductivHomeApprovalChannelExtensionPoint {
  addChannel(
    factory: (
      decisions: ApprovalDecisions,
      intake: ChannelIntake,
    ) => ApprovalChannel,
  ): void;
}

/**
 * Extension point for approval channels.
 *
 * @public
 */
export const productivHomeApprovalChannelExtensionPoint =
  createExtensionPoint<ProductivHomeApprovalChannelExtensionPoint>({
    id: 'productiv-home.approval-channels',
  });
