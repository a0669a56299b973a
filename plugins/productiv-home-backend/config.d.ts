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
