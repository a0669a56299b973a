import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Manage the global Productiv Home settings (default approvers, fallback
 * approver, reminders, connectors). Meant for super admins.
 *
 * @public
 */
export const productivHomeSettingsManagePermission = createPermission({
  name: 'productiv-home.settings.manage',
  attributes: { action: 'update' },
});

/**
 * Request access to an app of the Productiv Home catalog.
 *
 * @public
 */
export const productivHomeRequestCreatePermission = createPermission({
  name: 'productiv-home.request.create',
  attributes: { action: 'create' },
});

/**
 * Resource type of access requests, for conditional decisions.
 *
 * @public
 */
export const PRODUCTIV_HOME_REQUEST_RESOURCE_TYPE = 'productiv-home-request';

/**
 * Resource type of the apps offered in Productiv Home.
 *
 * @public
 */
export const PRODUCTIV_HOME_APP_RESOURCE_TYPE = 'productiv-home-app';

/**
 * See an access request with its approvals and history. The demo policy
 * allows it to admins, and to others for requests they made or approve.
 *
 * @public
 */
export const productivHomeRequestReadPermission = createPermission({
  name: 'productiv-home.request.read',
  attributes: { action: 'read' },
  resourceType: PRODUCTIV_HOME_REQUEST_RESOURCE_TYPE,
});

/**
 * Approve or deny an access request. The demo policy allows it only on
 * requests waiting for the caller's decision, never on their own.
 *
 * @public
 */
export const productivHomeRequestDecidePermission = createPermission({
  name: 'productiv-home.request.decide',
  attributes: { action: 'update' },
  resourceType: PRODUCTIV_HOME_REQUEST_RESOURCE_TYPE,
});

/**
 * Approve or deny a pending request on behalf of the approvers it waits on,
 * without being one of them: an admin unblocking a stuck request. The
 * decision is recorded and audited as made on their behalf, and they are
 * told. The demo policy allows it to super admins, never on their own
 * requests.
 *
 * @public
 */
export const productivHomeRequestDecideOverridePermission = createPermission({
  name: 'productiv-home.request.decide.override',
  attributes: { action: 'update' },
  resourceType: PRODUCTIV_HOME_REQUEST_RESOURCE_TYPE,
});

/**
 * Change or remove an app of the Home catalog (and see its requests). The
 * demo policy allows it to super admins, and to app admins for their apps.
 *
 * @public
 */
export const productivHomeAppManagePermission = createPermission({
  name: 'productiv-home.app.manage',
  attributes: { action: 'update' },
  resourceType: PRODUCTIV_HOME_APP_RESOURCE_TYPE,
});

/**
 * List Productiv Home's background tasks and their state
 * (`GET /.backstage/scheduler/v1/tasks`). Meant for super admins.
 *
 * @public
 */
export const productivHomeTasksReadPermission = createPermission({
  name: 'productiv-home.tasks.read',
  attributes: { action: 'read' },
});

/**
 * Trigger or cancel one of Productiv Home's background tasks now
 * (`POST /.backstage/scheduler/v1/tasks/:id/trigger`, `…/cancel`). Meant for
 * super admins.
 *
 * @public
 */
export const productivHomeTasksTriggerPermission = createPermission({
  name: 'productiv-home.tasks.trigger',
  attributes: { action: 'update' },
});

/**
 * What the permission rules of access requests translate to, for filtering
 * in the database: requests made by, or waiting on / decided by, one of the
 * given people, or requests for apps owned by them.
 *
 * @public
 */
export type RequestFilter =
  | { property: 'requester'; values: string[] }
  | { property: 'approver'; values: string[]; pendingOnly: boolean }
  | { property: 'appOwner'; values: string[] };

/**
 * What the permission rules of Home apps translate to: apps owned by one of
 * the given users or groups.
 *
 * @public
 */
export type AppFilter = { property: 'owner'; values: string[] };

/**
 * All permissions of Productiv Home.
 *
 * @public
 */
export const productivHomePermissions = [
  productivHomeSettingsManagePermission,
  productivHomeRequestCreatePermission,
  productivHomeRequestReadPermission,
  productivHomeRequestDecidePermission,
  productivHomeRequestDecideOverridePermission,
  productivHomeAppManagePermission,
  productivHomeTasksReadPermission,
  productivHomeTasksTriggerPermission,
];
