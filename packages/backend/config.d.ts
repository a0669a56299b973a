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
    slack?: {
      /** Defaults to https://slack.com/api/ */
      apiUrl?: string;
      /**
       * Bot token (xoxb-...) with chat:write, im:write, im:history,
       * users:read and users:read.email.
       * @visibility secret
       */
      botToken: string;
      /**
       * Signing secret of the Slack app; the interactivity endpoint accepts
       * only requests signed with it.
       * @visibility secret
       */
      signingSecret: string;
      /**
       * Channel id (C...) where Productiv admins hear of failures that need
       * them, such as fulfillments that failed for good. The bot must be a
       * member of it. Without it, admins are told in the portal only.
       */
      adminChannel?: string;
    };
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
    zendesk?: {
      /** API URL, e.g. https://acme.zendesk.com/api/v2; or `subdomain`. */
      url?: string;
      /** The account's subdomain, e.g. `acme` for acme.zendesk.com. */
      subdomain?: string;
      email: string;
      /** @visibility secret */
      apiToken: string;
    };
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
