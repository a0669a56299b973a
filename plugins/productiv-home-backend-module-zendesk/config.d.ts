export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    /** Fulfillment by Zendesk ticket; without it the Zendesk module registers nothing. */
    zendesk?: {
      /** API URL, e.g. https://acme.zendesk.com/api/v2; or `subdomain`. */
      url?: string;
      /** The account's subdomain, e.g. `acme` for acme.zendesk.com. */
      subdomain?: string;
      email: string;
      /** @visibility secret */
      apiToken: string;
      /**
       * The signing secret of the Zendesk webhook that a trigger calls when
       * a ticket's status changes (Admin Center, Webhooks, the webhook's
       * Signing secret); without it, tickets are followed by polling only.
       * @visibility secret
       */
      webhookSigningSecret?: string;
    };
  };
}
