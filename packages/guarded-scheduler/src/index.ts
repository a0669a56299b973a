/**
 * A task scheduler whose REST routes check the caller's permissions.
 *
 * @packageDocumentation
 */
export {
  createGuardedSchedulerServiceRef,
  schedulerRoutesGuard,
  SCHEDULER_ROUTES_PATH,
} from './guardedScheduler';
export type { SchedulerRoutePermissions } from './guardedScheduler';
