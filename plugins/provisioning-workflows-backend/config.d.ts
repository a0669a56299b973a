export interface Config {
  /** Configuration of provisioning workflows (license automation). */
  provisioningWorkflows?: {
    /**
     * Entity refs of the groups whose members administer workflows and may
     * read everybody's activity, e.g. `group:default/productiv-admins`.
     */
    adminGroups?: string[];
  };
}
