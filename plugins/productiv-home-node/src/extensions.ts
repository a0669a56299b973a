import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * An approved request handed to a fulfillment provider.
 *
 * @public
 */
export type ApprovedRequest = {
  requestId: string;
  /** Entity ref of the person who gets access. */
  requesterRef: string;
  requesterEmail?: string;
  appId: string;
  tier: string;
};

/**
 * What a fulfillment provider reports back.
 *
 * @public
 */
export type FulfillmentResult =
  | { status: 'fulfilled'; detail?: string }
  /** Access is on its way outside the portal (e.g. a ticket); `externalId` identifies it. */
  | { status: 'pending'; externalId: string; externalUrl?: string }
  | { status: 'failed'; reason: string };

/**
 * Turns an approved request into access: an Okta group membership, a ticket
 * in Jira Service Management or Zendesk, an e-mail to IT...
 *
 * @public
 */
export interface FulfillmentProvider {
  /** Stable id, e.g. `okta` or `jira-service-management`. */
  readonly id: string;
  fulfill(
    request: ApprovedRequest,
    ctx: { logger: LoggerService; signal?: AbortSignal },
  ): Promise<FulfillmentResult>;
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
