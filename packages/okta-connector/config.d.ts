export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    /**
     * The Okta org that Productiv Home grants access in and provisioning
     * workflows read and change licenses in. Give either `token` or `oauth`.
     */
    okta?: {
      /** The org's URL, e.g. https://acme.okta.com */
      orgUrl: string;
      /**
       * SSWS API token. Either this or `oauth`.
       * @visibility secret
       */
      token?: string;
      /** OAuth 2.0 service app with a private key (private_key_jwt). */
      oauth?: {
        /** The service app's client id (0oa...). */
        clientId: string;
        /** The id of the key in the service app, when it has several. */
        keyId?: string;
        /**
         * The private key, PEM or JWK.
         * @visibility secret
         */
        privateKey: string;
      };
    };
  };
}
