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
 * Resource type of the apps whose workflows are managed (resource ref: the app key).
 *
 * @public
 */
export const PROVISIONING_WORKFLOWS_APP_RESOURCE_TYPE =
  'provisioning-workflows-app';

/**
 * Set up, change, preview, run and schedule the workflows of an app's
 * instances, manage its exempt users and act on its suggestions. App admins
 * hold it for their apps (rule `IS_APP_ADMIN`), super admins for all.
 *
 * @public
 */
export const provisioningWorkflowsAppManagePermission = createPermission({
  name: 'provisioning-workflows.app.manage',
  attributes: { action: 'update' },
  resourceType: PROVISIONING_WORKFLOWS_APP_RESOURCE_TYPE,
});

/**
 * Read the runs, actions, results and audit events of an app's workflows.
 *
 * @public
 */
export const provisioningWorkflowsHistoryReadPermission = createPermission({
  name: 'provisioning-workflows.history.read',
  attributes: { action: 'read' },
  resourceType: PROVISIONING_WORKFLOWS_APP_RESOURCE_TYPE,
});

/**
 * Manage the global exempt list, shared by every app.
 *
 * @public
 */
export const provisioningWorkflowsGlobalExemptionsPermission = createPermission(
  {
    name: 'provisioning-workflows.exemptions.manage',
    attributes: { action: 'update' },
  },
);

/**
 * List the background tasks (inventory sync, activity ingest, the workflow
 * tick, the jobs) and their state (`GET /.backstage/scheduler/v1/tasks`).
 *
 * @public
 */
export const provisioningWorkflowsTasksReadPermission = createPermission({
  name: 'provisioning-workflows.tasks.read',
  attributes: { action: 'read' },
});

/**
 * Trigger or cancel a background task now
 * (`POST /.backstage/scheduler/v1/tasks/:id/trigger`, `…/cancel`).
 *
 * @public
 */
export const provisioningWorkflowsTasksTriggerPermission = createPermission({
  name: 'provisioning-workflows.tasks.trigger',
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
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsHistoryReadPermission,
  provisioningWorkflowsGlobalExemptionsPermission,
  provisioningWorkflowsTasksReadPermission,
  provisioningWorkflowsTasksTriggerPermission,
];
