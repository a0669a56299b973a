import {
  AccessDuration,
  AppAccessDuration,
  ApproverSpec,
  HomeApp,
  HomeAppOktaLink,
  HomeAppTierGrant,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { InputError } from '@backstage/errors';
import {
  DecisionInput,
  ExtendInput,
  IntakeInput,
  ReturnInput,
  SubmitInput,
} from '../services/requests/types';

// What the routes hand to the services, from bodies the spec has checked:
// only the fields the spec lists (others are dropped, not stored), and names,
// categories and tiers trimmed, as they have always been stored.

function approver(spec: ApproverSpec): ApproverSpec {
  switch (spec.type) {
    case 'users':
      return { type: 'users', users: spec.users };
    case 'group':
      return { type: 'group', group: spec.group };
    default:
      return { type: spec.type };
  }
}

type OktaLinkBody = {
  instanceId: string;
  tiers: Array<{
    tier: string;
    grant: HomeAppTierGrant['grant'];
    groupId?: string;
  }>;
};

function oktaLink(body: OktaLinkBody): HomeAppOktaLink {
  return {
    instanceId: body.instanceId.trim(),
    tiers: body.tiers.map((t, index): HomeAppTierGrant => {
      const tier = t.tier.trim();
      if (t.grant !== 'okta-group') return { tier, grant: t.grant };
      if (!t.groupId) {
        throw new InputError(
          `okta.tiers.${index}.groupId: name the Okta group that grants "${tier}"`,
        );
      }
      return { tier, grant: 'okta-group', groupId: t.groupId.trim() };
    }),
  };
}

export function homeAppInput(
  appKey: string,
  body: Omit<HomeApp, 'appKey' | 'okta'> & { okta?: OktaLinkBody },
): HomeApp {
  const { approval, okta } = body;
  return {
    appKey,
    name: body.name.trim(),
    description: body.description,
    category: body.category.trim(),
    tiers: body.tiers.map(t => t.trim()),
    owners: body.owners,
    approval: {
      required: approval.required,
      exceptGroups: approval.exceptGroups,
      levels: approval.levels.map(approver),
    },
    fulfillment: body.fulfillment,
    ...(okta ? { okta: oktaLink(okta) } : {}),
    ...overdueRules(body),
    ...(body.duration
      ? { duration: appDuration(body.duration, body.tiers) }
      : {}),
  };
}

/** A default above the maximum, or a tier the app lacks, is a 400 naming the field. */
function oneDuration(d: AccessDuration, field: string): AccessDuration {
  const { defaultDays, maxDays } = d;
  if (
    defaultDays !== undefined &&
    maxDays !== undefined &&
    defaultDays > maxDays
  ) {
    throw new InputError(
      `${field}.defaultDays: the default (${defaultDays} days) must not be above the maximum (${maxDays} days)`,
    );
  }
  return {
    ...(defaultDays === undefined ? {} : { defaultDays }),
    ...(maxDays === undefined ? {} : { maxDays }),
  };
}

function appDuration(d: AppAccessDuration, tiers: string[]): AppAccessDuration {
  const own = oneDuration(d, 'duration');
  const byTier = Object.entries(d.tiers ?? {}).map(([tier, t]) => {
    if (!tiers.map(x => x.trim()).includes(tier)) {
      throw new InputError(
        `duration.tiers.${tier}: the app has no tier '${tier}'; use one of ${tiers.join(
          ', ',
        )}`,
      );
    }
    return [tier, oneDuration(t, `duration.tiers.${tier}`)] as const;
  });
  return {
    ...own,
    ...(byTier.length ? { tiers: Object.fromEntries(byTier) } : {}),
  };
}

/** Escalation and expiry, when set: an app without them follows the settings. */
function overdueRules(
  body: Pick<HomeSettings, 'escalation' | 'expiry'>,
): Pick<HomeSettings, 'escalation' | 'expiry'> {
  const { escalation, expiry } = body;
  return {
    ...(escalation
      ? { escalation: { afterDays: escalation.afterDays, to: escalation.to } }
      : {}),
    ...(expiry ? { expiry: { afterDays: expiry.afterDays } } : {}),
  };
}

export function settingsInput(body: HomeSettings): HomeSettings {
  const { fallbackApprover, auditTrailTickets } = body;
  return {
    approvalMethod: body.approvalMethod,
    defaultApprovers: body.defaultApprovers.map(approver),
    ...(fallbackApprover === undefined ? {} : { fallbackApprover }),
    reminderHours: body.reminderHours,
    justificationRequired: body.justificationRequired,
    ...(body.expiryWarningDays
      ? {
          expiryWarningDays: [...new Set(body.expiryWarningDays)].sort(
            (a, b) => b - a,
          ),
        }
      : {}),
    ...overdueRules(body),
    ...(auditTrailTickets === undefined ? {} : { auditTrailTickets }),
  };
}

export function submitInput(body: SubmitInput): SubmitInput {
  const { appKey, tier, justification, accessDays } = body;
  return {
    appKey,
    tier,
    ...(justification === undefined ? {} : { justification }),
    ...(accessDays === undefined ? {} : { accessDays }),
  };
}

export function returnInput(body: ReturnInput): ReturnInput {
  const { appKey, justification } = body;
  return { appKey, ...(justification === undefined ? {} : { justification }) };
}

export function intakeInput(body: IntakeInput): IntakeInput {
  const { url } = body;
  return {
    name: body.name.trim(),
    ...(url === undefined ? {} : { url }),
    reason: body.reason.trim(),
  };
}

export function decisionInput(body: DecisionInput): DecisionInput {
  const { decision, comment } = body;
  return { decision, ...(comment === undefined ? {} : { comment }) };
}

export function extendInput(body: ExtendInput): ExtendInput {
  const { accessDays, justification } = body;
  return {
    accessDays,
    ...(justification === undefined ? {} : { justification }),
  };
}
