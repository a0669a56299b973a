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
