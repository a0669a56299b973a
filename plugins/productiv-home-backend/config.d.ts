export interface Config {
  /** Configuration of Productiv Home. */
  productivHome?: {
    /**
     * Entity refs of the groups whose members are super admins of Productiv
     * Home, e.g. `group:default/productiv-admins`.
     */
    adminGroups?: string[];
    /**
     * The ticketing system that gets tickets for apps without automatic
     * provisioning: `jira-service-management`, `zendesk` or `email`. Exactly
     * one is active; when only one ticketing module is configured it is
     * used without this setting.
     */
    ticketing?: 'jira-service-management' | 'zendesk' | 'email';
    /** The durable jobs that make every external call. */
    jobs?: {
      /** Jobs run at once per replica. Default 4. */
      concurrency?: number;
      /**
       * How long a replica holds a job; a replica that dies loses its jobs
       * to the others after this. Calls time out before it. Default 60.
       */
      leaseSeconds?: number;
      /**
       * Backoff between the tries of a failed job (a Slack or mail server
       * that is down, a 429): the first retry after `firstDelaySeconds`
       * (default 2), each next one twice as long, at most `maxDelaySeconds`
       * (default 600), with jitter; never sooner than a Retry-After.
       */
      retry?: { firstDelaySeconds?: number; maxDelaySeconds?: number };
    };
    /** How long finished work is kept. */
    retention?: {
      /**
       * Finished durable jobs (succeeded or failed) are deleted this long
       * after they finished, except those of requests still open. Default
       * 30 days.
       */
      finishedJobs?: { days?: number };
      /**
       * What the integration modules keep about messages they sent is
       * deleted this long after it stopped mattering. Default 30 days.
       * Slack: the records of posts older than this, except those of
       * requests still open or finished more recently. E-mail: links used,
       * revoked or expired this long ago (a usable link stays), and the
       * records of mails sent. Jira Service Management and Zendesk: the
       * records of requests and tickets done (resolved, rejected, solved)
       * this long ago, never of one still open.
       */
      deliveredMessages?: { days?: number };
    };
    /** Where the people data lives in the catalog. */
    people?: {
      /**
       * Annotation keys on User entities. Defaults: `productiv.io/manager`,
       * `productiv.io/job-title`, `productiv.io/department`.
       */
      annotations?: {
        manager?: string;
        jobTitle?: string;
        department?: string;
      };
    };
  };
}
