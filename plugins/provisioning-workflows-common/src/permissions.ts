import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the app inventory (apps, instances, tiers) and the sync and ingest runs.
 *
 * @public
 */
export const provisioningWorkflowsInventoryReadPermission = createPermission({
  name: 'provisioning-workflows.inventory.read',
  attributes: { action: 'read' },
});

/**
 * Read another person's SSO activity. Employees only see aggregated peer counts.
 *
 * @public
 */
export const provisioningWorkflowsActivityReadPermission = createPermission({
  name: 'provisioning-workflows.activity.read',
  attributes: { action: 'read' },
});

/**
 * Create, change, run and schedule provisioning workflows.
 *
 * @public
 */
export const provisioningWorkflowsManagePermission = createPermission({
  name: 'provisioning-workflows.workflow.manage',
  attributes: { action: 'update' },
});

/**
 * All permissions of provisioning workflows.
 *
 * @public
 */
export const provisioningWorkflowsPermissions = [
  provisioningWorkflowsInventoryReadPermission,
  provisioningWorkflowsActivityReadPermission,
  provisioningWorkflowsManagePermission,
];
