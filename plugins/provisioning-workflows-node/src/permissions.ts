import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { PROVISIONING_WORKFLOWS_APP_RESOURCE_TYPE } from '@internal/plugin-provisioning-workflows-common';
import { z } from 'zod';

/**
 * An app as the permission rules see it: its key and the users and groups
 * that administer it (`provisioningWorkflows.appAdmins`).
 *
 * @public
 */
export type WorkflowAppResource = { appKey: string; admins: string[] };

/**
 * A filter over apps, for listing what a caller may manage.
 *
 * @public
 */
export type WorkflowAppFilter = { property: 'admin'; values: string[] };

/**
 * Apps with workflows as a permission resource.
 *
 * @public
 */
export const provisioningWorkflowsAppResourceRef = createPermissionResourceRef<
  WorkflowAppResource,
  WorkflowAppFilter
>().with({
  pluginId: 'provisioning-workflows',
  resourceType: PROVISIONING_WORKFLOWS_APP_RESOURCE_TYPE,
});

const isAppAdmin = createPermissionRule({
  name: 'IS_APP_ADMIN',
  description: 'The app is administered by one of the given users or groups',
  resourceRef: provisioningWorkflowsAppResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs of the caller: their user ref and the groups they belong to',
      ),
  }),
  apply: (app, { claims }) => app.admins.some(a => claims.includes(a)),
  toQuery: ({ claims }) => ({ property: 'admin', values: claims }),
});

/**
 * Permission rules of apps with workflows.
 *
 * @public
 */
export const provisioningWorkflowsAppRules = { isAppAdmin };

const appExports = createConditionExports({
  resourceRef: provisioningWorkflowsAppResourceRef,
  rules: provisioningWorkflowsAppRules,
});

/**
 * Conditions a permission policy can put on app workflow permissions.
 *
 * @public
 */
export const provisioningWorkflowsAppConditions = appExports.conditions;

/**
 * Builds a conditional decision on an app workflow permission.
 *
 * @public
 */
export const createProvisioningWorkflowsAppConditionalDecision =
  appExports.createConditionalDecision;
