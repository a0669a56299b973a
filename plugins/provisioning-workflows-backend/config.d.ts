import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of provisioning workflows (license automation). */
  provisioningWorkflows?: {
    /**
     * Entity refs of the groups whose members administer workflows and may
     * read everybody's activity, e.g. `group:default/productiv-admins`.
     */
    adminGroups?: string[];
    /**
     * App admins: app key (the Okta app name, e.g. `figma`) to the users and
     * groups that manage its workflows, e.g.
     * `{ figma: ['group:default/design-leads'] }`. Members of `adminGroups`
     * manage every app.
     */
    appAdmins?: { [appKey: string]: string[] };
    /** Durable jobs that carry out workflow runs. */
    jobs?: {
      /** License changes made at once per replica. Default 4. */
      concurrency?: number;
      /** Seconds a replica holds a job before another may take it over. Default 60. */
      leaseSeconds?: number;
      /**
       * Waits between the tries of a failed job (a 429, a 5xx, a timeout):
       * the first retry after `firstDelaySeconds` (default 2), each next one
       * twice as long, at most `maxDelaySeconds` (default 600), with jitter;
       * never sooner than a Retry-After.
       */
      retry?: { firstDelaySeconds?: number; maxDelaySeconds?: number };
    };
    /** How long finished work is kept. */
    retention?: {
      /**
       * Finished durable jobs (succeeded or failed) are deleted this long
       * after they finished, except those of runs not finished. Default 30
       * days. Runs, actions and audit events are kept.
       */
      finishedJobs?: { days?: number };
      /**
       * What the e-mail module keeps about warning mails it sent is deleted
       * this long after it stopped mattering: Keep links used or expired
       * this long ago (a usable link stays), and the records of mails sent.
       * Default 30 days.
       */
      deliveredMessages?: { days?: number };
    };
    /** Warnings of workflow runs, besides the portal's notifications. */
    notifications?: {
      /**
       * Where a workflow whose `notifications.channel` is `default` warns
       * when Productiv Home does not say: `slack` (a direct message with a
       * Keep my license button, from the Slack module), `email` (a mail
       * with a Keep link, from the e-mail module) or `portal-only`. Such
       * warnings follow Productiv Home's approval method (its settings,
       * read service to service and kept a minute) when Home answers and
       * that channel's module is installed here; this applies when Home is
       * not installed or does not answer. Without it: e-mail when its
       * module is installed (Home's default approval method), else Slack,
       * else the portal only.
       */
      defaultChannel?: 'slack' | 'email' | 'portal-only';
    };
    people?: {
      /**
       * The Okta profile field matched against the catalog user's
       * `spec.profile.email`: `email` (default) or `login`.
       */
      oktaMatchField?: 'email' | 'login';
    };
    activity?: {
      /** Days of SSO activity read by the first ingest. Default 90. */
      backfillDays?: number;
      /**
       * Days of daily sign-in counts (and ended assignment intervals) kept
       * for backtests; older ones are deleted after each ingest. Default
       * 400: a year of backtests with a month of rule window.
       */
      retentionDays?: number;
    };
    /** When the background tasks run (global tasks: one replica at a time). */
    schedules?: {
      /** Default: every 30 minutes. */
      inventorySync?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Default: every 5 minutes. */
      activityIngest?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Starts scheduled workflow runs and ends warning periods. Default: every 30 seconds. */
      workflowTick?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
