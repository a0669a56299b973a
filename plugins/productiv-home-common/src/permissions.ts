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
 * All permissions of Productiv Home.
 *
 * @public
 */
export const productivHomePermissions = [
  productivHomeSettingsManagePermission,
  productivHomeRequestCreatePermission,
];
