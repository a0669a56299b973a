import { createGuardedSchedulerServiceRef } from '@internal/guarded-scheduler';
import {
  productivHomeTasksReadPermission,
  productivHomeTasksTriggerPermission,
} from '@internal/plugin-productiv-home-common';

/**
 * The scheduler of Productiv Home and its modules, used instead of
 * `coreServices.scheduler`: the same scheduler, but its task routes
 * (`/.backstage/scheduler/v1/tasks`) refuse users without
 * `productiv-home.tasks.read` / `productiv-home.tasks.trigger`.
 *
 * @public
 */
export const productivHomeSchedulerServiceRef =
  createGuardedSchedulerServiceRef({
    id: 'productiv-home.scheduler',
    routePermissions: {
      read: productivHomeTasksReadPermission,
      trigger: productivHomeTasksTriggerPermission,
    },
  });
