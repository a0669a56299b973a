import { Request } from '@backstage/backend-openapi-utils';
import {
  DEFAULT_REMIND_BEFORE_HOURS,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { spec } from '../schema/openapi/generated/router';

/** A workflow definition as the spec validated it (its defaults applied). */
export type DefinitionBody = Request<
  typeof spec,
  '/workflows/:instanceId',
  'put'
>;

/**
 * The definition to save or preview: the spec's fields only (others are
 * dropped), names, tiers and the schedule trimmed.
 */
export function toDefinition(body: DefinitionBody): WorkflowDefinition {
  const { notifications } = body;
  return {
    rules: body.rules.map(rule => ({
      name: rule.name?.trim(),
      condition:
        rule.condition.type === 'fewSignIns'
          ? {
              type: 'fewSignIns',
              days: rule.condition.days,
              signIns: rule.condition.signIns,
            }
          : { type: rule.condition.type, days: rule.condition.days },
      tiers: rule.tiers?.map(tier => tier.trim()),
      outcome:
        rule.outcome.action === 'downgrade'
          ? {
              action: 'downgrade',
              toTier: rule.outcome.toTier.trim(),
              suggestOnly: rule.outcome.suggestOnly,
            }
          : { action: 'deprovision', suggestOnly: rule.outcome.suggestOnly },
    })),
    newHireDays: body.newHireDays,
    notifications: {
      enabled: notifications.enabled,
      daysBefore: notifications.daysBefore,
      allowOptOut: notifications.allowOptOut,
      channel: notifications.channel ?? 'default',
      remindBeforeHours:
        notifications.remindBeforeHours ?? DEFAULT_REMIND_BEFORE_HOURS,
    },
    schedule: body.schedule?.trim(),
    mode: body.mode,
    template: body.template,
    ...(body.restore
      ? {
          restore: {
            windowDays: body.restore.windowDays,
            approval: body.restore.approval,
          },
        }
      : {}),
  };
}
