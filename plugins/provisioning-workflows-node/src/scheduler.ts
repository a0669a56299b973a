import { createGuardedSchedulerServiceRef } from '@internal/guarded-scheduler';
import {
  provisioningWorkflowsTasksReadPermission,
  provisioningWorkflowsTasksTriggerPermission,
} from '@internal/plugin-provisioning-workflows-common';

/**
 * The scheduler of provisioning workflows and its modules, used instead of
 * `coreServices.scheduler`: the same scheduler, but its task routes
 * (`/.backstage/scheduler/v1/tasks`) refuse users without
 * `provisioning-workflows.tasks.read` / `provisioning-workflows.tasks.trigger`.
 *
 * @public
 */
export const provisioningWorkflowsSchedulerServiceRef =
  createGuardedSchedulerServiceRef({
    id: 'provisioning-workflows.scheduler',
    routePermissions: {
      read: provisioningWorkflowsTasksReadPermission,
      trigger: provisioningWorkflowsTasksTriggerPermission,
    },
  });
