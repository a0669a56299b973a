export interface Config {
  connectors?: {
    /**
     * The Slack app of Productiv (see @internal/slack-connector). Provisioning
     * workflows' Slack module warns people in a direct message with a Keep
     * my license button, and posts finished runs to `adminChannel`. Without
     * it, the module registers nothing.
     */
    slack?: {
      /**
       * Channel id (C...) where finished workflow runs are posted, once per
       * run, with their counts and a link to the results.
       */
      adminChannel?: string;
    };
  };
}
