export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    /**
     * Fulfillment by Jira Service Management request; without it the JSM
     * module registers nothing.
     */
    jiraServiceManagement?: {
      /** e.g. https://acme.atlassian.net */
      host: string;
      email: string;
      /** @visibility secret */
      apiToken: string;
      serviceDeskId: string;
      requestTypeId: string;
      /**
       * Secret of the `jira:issue_updated` webhook; without it, requests
       * are followed by polling only.
       * @visibility secret
       */
      webhookSecret?: string;
    };
  };
}
