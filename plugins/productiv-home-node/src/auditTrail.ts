import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ApprovedRequest, FulfillmentContext } from './extensions';

/**
 * How an automatic (Okta) fulfillment ended, for its audit-trail ticket.
 *
 * @public
 */
export type AuditTrailOutcome = {
  status: 'fulfilled' | 'failed';
  /** What Okta did, or why it failed, in words. */
  detail?: string;
};

/**
 * An audit-trail ticket: the record, in the ticketing system, of a request
 * that Okta fulfilled without IT (opened when it is approved, resolved with
 * the outcome when fulfillment ends).
 *
 * @public
 */
export type AuditTrailTicket = { externalId: string; externalUrl?: string };

/**
 * A ticketing system's audit trail for automatic fulfillments (optional,
 * next to its {@link FulfillmentProvider}). Calls are made from durable
 * jobs: each call happens once per `ctx.idempotencyKey`, also when a retry
 * follows an answer that was lost; failures worth retrying are thrown as
 * they are.
 *
 * @public
 */
export interface AuditTrailTicketing {
  /** The ticketing system: the id of its fulfillment provider (`zendesk`, …). */
  readonly id: string;
  /** Opens the ticket for an approved request that Okta fulfils. */
  open(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<AuditTrailTicket>;
  /** Records the outcome on the ticket and resolves (closes) it. */
  resolve(
    ticket: AuditTrailTicket,
    request: ApprovedRequest,
    outcome: AuditTrailOutcome,
    ctx: FulfillmentContext,
  ): Promise<void>;
}

/**
 * Lets ticketing modules add their audit trail; the plugin uses the one of
 * the active ticketing system, when the settings ask for audit-trail
 * tickets.
 *
 * @public
 */
export interface ProductivHomeAuditTrailExtensionPoint {
  addAuditTrail(ticketing: AuditTrailTicketing): void;
}

/**
 * Extension point for audit-trail tickets.
 *
 * @public
 */
export const productivHomeAuditTrailExtensionPoint =
  createExtensionPoint<ProductivHomeAuditTrailExtensionPoint>({
    id: 'productiv-home.audit-trail',
  });
