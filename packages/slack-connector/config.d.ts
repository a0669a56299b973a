export interface Config {
  /**
   * The external services of Productiv, configured once and used by both
   * plugins. Each is optional; a feature that needs a missing one says so.
   */
  connectors?: {
    /**
     * The Slack app of Productiv: approvals (Productiv Home), license
     * warnings and run notices (provisioning workflows). Without it, the
     * Slack modules register nothing.
     */
    slack?: {
      /** Web API base URL. Defaults to https://slack.com/api/ */
      apiUrl?: string;
      /**
       * Bot token (xoxb-...) with chat:write, im:write, im:history,
       * users:read and users:read.email.
       * @visibility secret
       */
      botToken: string;
      /**
       * Signing secret of the Slack app: its one Interactivity Request URL,
       * `<backend>/api/productiv-home/slack/interactivity`, accepts only
       * requests signed with it.
       * @visibility secret
       */
      signingSecret: string;
      /**
       * Channel id (C...) where Productiv admins hear what needs them:
       * fulfillments that failed for good, finished workflow runs. The bot
       * must be a member of it.
       */
      adminChannel?: string;
      /**
       * Seconds one Web API call may take before it counts as failed and
       * the durable job that made it retries (a post whose answer was lost
       * is looked for before posting again). Default 10.
       */
      timeoutSeconds?: number;
    };
  };
}
