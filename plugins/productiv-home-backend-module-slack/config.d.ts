export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    /** Slack approvals; without it the Slack module registers nothing. */
    slack?: {
      /** Defaults to https://slack.com/api/ */
      apiUrl?: string;
      /**
       * Bot token (xoxb-...) with chat:write, im:write, im:history,
       * users:read, users:read.email and commands.
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
      /**
       * The slash command as people type it, as created in the Slack app
       * (its Request URL: <backend>/api/productiv-home/slack/commands).
       * Default `/productiv`.
       */
      command?: string;
    };
  };
}
