export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    /**
     * Approvals and tickets to IT by e-mail; without it the e-mail module
     * registers nothing.
     */
    email?: {
      smtp: {
        host: string;
        port: number;
        secure?: boolean;
        username?: string;
        /** @visibility secret */
        password?: string;
      };
      from: string;
      /** Where access requests go when IT is asked by e-mail. */
      itAddress?: string;
      /** How long Approve / Deny links in e-mails work. Default 72. */
      approvalLinkHours?: number;
      /** Sign mails with DKIM. */
      dkim?: {
        domainName: string;
        keySelector: string;
        /** @visibility secret */
        privateKey: string;
      };
    };
  };
}
