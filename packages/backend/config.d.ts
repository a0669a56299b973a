export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    okta?: {
      /** e.g. https://acme.okta.com */
      orgUrl: string;
      /**
       * SSWS API token. Either this or `oauth`.
       * @visibility secret
       */
      token?: string;
      /** OAuth 2.0 service app with a private key. */
      oauth?: {
        clientId: string;
        keyId?: string;
        /** @visibility secret */
        privateKey: string;
      };
    };
  };
}
