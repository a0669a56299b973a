import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of provisioning workflows (license automation). */
  provisioningWorkflows?: {
    /**
     * Entity refs of the groups whose members administer workflows and may
     * read everybody's activity, e.g. `group:default/productiv-admins`.
     */
    adminGroups?: string[];
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
    };
  };
}
