import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  AccessRequest,
  AppFilter,
  HomeApp,
  PRODUCTIV_HOME_APP_RESOURCE_TYPE,
  PRODUCTIV_HOME_REQUEST_RESOURCE_TYPE,
  RequestFilter,
} from '@internal/plugin-productiv-home-common';
import { z } from 'zod';

/**
 * An access request as the permission rules see it: the request and the
 * owners of its app.
 *
 * @public
 */
export type RequestResource = AccessRequest & { appOwners: string[] };

/**
 * Access requests as a permission resource.
 *
 * @public
 */
export const productivHomeRequestResourceRef = createPermissionResourceRef<
  RequestResource,
  RequestFilter
>().with({
  pluginId: 'productiv-home',
  resourceType: PRODUCTIV_HOME_REQUEST_RESOURCE_TYPE,
});

/**
 * Home apps as a permission resource.
 *
 * @public
 */
export const productivHomeAppResourceRef = createPermissionResourceRef<
  HomeApp,
  AppFilter
>().with({
  pluginId: 'productiv-home',
  resourceType: PRODUCTIV_HOME_APP_RESOURCE_TYPE,
});

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe(
      'Entity refs of the caller: their user ref and the groups they belong to',
    ),
});

const isRequester = createPermissionRule({
  name: 'IS_REQUESTER',
  description: 'The request was made by one of the given people',
  resourceRef: productivHomeRequestResourceRef,
  paramsSchema: claimsSchema,
  apply: (request, { claims }) => claims.includes(request.requester),
  toQuery: ({ claims }) => ({ property: 'requester', values: claims }),
});

const isApprover = createPermissionRule({
  name: 'IS_APPROVER',
  description:
    'One of the given people approves the request: at any level, or (pendingOnly) at the level waiting for a decision',
  resourceRef: productivHomeRequestResourceRef,
  paramsSchema: claimsSchema.extend({
    pendingOnly: z
      .boolean()
      .optional()
      .describe('Only an undecided approval of the pending level counts'),
  }),
  apply: (request, { claims, pendingOnly }) =>
    request.approvals.some(
      a =>
        claims.includes(a.approver) &&
        (!pendingOnly ||
          (request.status === 'pending_approval' &&
            a.level === request.level &&
            !a.decision)),
    ),
  toQuery: ({ claims, pendingOnly }) => ({
    property: 'approver',
    values: claims,
    pendingOnly: Boolean(pendingOnly),
  }),
});

const isRequestForOwnedApp = createPermissionRule({
  name: 'IS_APP_OWNER',
  description:
    'The request is for an app owned by one of the given users or groups',
  resourceRef: productivHomeRequestResourceRef,
  paramsSchema: claimsSchema,
  apply: (request, { claims }) =>
    request.appOwners.some(o => claims.includes(o)),
  toQuery: ({ claims }) => ({ property: 'appOwner', values: claims }),
});

const isAppOwner = createPermissionRule({
  name: 'IS_APP_OWNER',
  description: 'The app is owned by one of the given users or groups',
  resourceRef: productivHomeAppResourceRef,
  paramsSchema: claimsSchema,
  apply: (app, { claims }) => app.owners.some(o => claims.includes(o)),
  toQuery: ({ claims }) => ({ property: 'owner', values: claims }),
});

/**
 * Permission rules of access requests.
 *
 * @public
 */
export const productivHomeRequestRules = {
  isRequester,
  isApprover,
  isRequestForOwnedApp,
};

/**
 * Permission rules of Home apps.
 *
 * @public
 */
export const productivHomeAppRules = { isAppOwner };

const requestExports = createConditionExports({
  resourceRef: productivHomeRequestResourceRef,
  rules: productivHomeRequestRules,
});

const appExports = createConditionExports({
  resourceRef: productivHomeAppResourceRef,
  rules: productivHomeAppRules,
});

/**
 * Conditions a permission policy can put on access request permissions.
 *
 * @public
 */
export const productivHomeRequestConditions = requestExports.conditions;

/**
 * Builds a conditional decision on an access request permission.
 *
 * @public
 */
export const createProductivHomeRequestConditionalDecision =
  requestExports.createConditionalDecision;

/**
 * Conditions a permission policy can put on Home app permissions.
 *
 * @public
 */
export const productivHomeAppConditions = appExports.conditions;

/**
 * Builds a conditional decision on a Home app permission.
 *
 * @public
 */
export const createProductivHomeAppConditionalDecision =
  appExports.createConditionalDecision;
