import { InputError } from '@backstage/errors';
import { REQUEST_STATUSES } from '@internal/plugin-productiv-home-common';
import { z } from 'zod/v3';

// The request schemas of the routes; a 400 names the field and what is wrong.
const entityRef = z
  .string()
  .regex(
    /^(user|group):[^/]+\/.+$/,
    'must be an entity ref such as user:default/emma.jones',
  );
const approverSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manager') }),
  z.object({ type: z.literal('app-owner') }),
  z.object({ type: z.literal('users'), users: z.array(entityRef).min(1) }),
  z.object({ type: z.literal('group'), group: entityRef }),
]);
export const homeAppBody = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000).default(''),
  category: z.string().trim().min(1).max(60).default('Other'),
  tiers: z
    .array(z.string().trim().min(1).max(64))
    .min(1, 'at least one requestable tier is required'),
  owners: z.array(entityRef).default([]),
  approval: z
    .object({
      required: z.enum(['everyone', 'everyone-except', 'no-one']),
      exceptGroups: z.array(entityRef).default([]),
      levels: z.array(approverSpec).max(2, 'at most two approval levels'),
    })
    .default({ required: 'everyone', exceptGroups: [], levels: [] }),
  fulfillment: z.enum(['automatic', 'ticket', 'manual']).default('manual'),
});
export const settingsBody = z.object({
  approvalMethod: z.enum(['slack', 'email']),
  defaultApprovers: z.array(approverSpec).max(2),
  fallbackApprover: entityRef.optional(),
  reminderHours: z
    .array(
      z
        .number()
        .positive()
        .max(24 * 60),
    )
    .max(10),
  justificationRequired: z.boolean(),
});
export const requestBody = z.object({
  appKey: z.string().min(1).max(255),
  tier: z.string().min(1).max(64),
  justification: z.string().max(4000).optional(),
});
export const intakeBody = z.object({
  name: z.string().trim().min(1).max(120),
  url: z.string().url().max(2000).optional(),
  reason: z
    .string()
    .trim()
    .min(1, 'tell the approvers why you need it')
    .max(4000),
});
export const appsQuery = z.object({
  manageable: z
    .enum(['true', 'false'])
    .optional()
    .transform(v => v === 'true'),
});
export const requestsQuery = z.object({
  scope: z.enum(['mine', 'all']).default('mine'),
  status: z
    .union([z.enum(REQUEST_STATUSES), z.array(z.enum(REQUEST_STATUSES))])
    .optional()
    .transform(v => (v === undefined ? undefined : [v].flat())),
  appKey: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .uuid('must be the nextCursor of an earlier page')
    .optional(),
});
export const decisionBody = z.object({
  decision: z.enum(['approved', 'denied']),
  comment: z.string().max(4000).optional(),
});

export function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
