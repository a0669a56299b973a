export interface Config {
  /** Configuration of Productiv Home. */
  productivHome?: {
    /**
     * Entity refs of the groups whose members are super admins of Productiv
     * Home, e.g. `group:default/productiv-admins`.
     */
    adminGroups?: string[];
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
