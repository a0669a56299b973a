import {
  ApproverSpec,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  DecisionInput,
  IntakeInput,
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

export function homeAppInput(
  appKey: string,
  body: Omit<HomeApp, 'appKey'>,
): HomeApp {
  const { approval } = body;
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
  };
}

export function settingsInput(body: HomeSettings): HomeSettings {
  const { fallbackApprover } = body;
  return {
    approvalMethod: body.approvalMethod,
    defaultApprovers: body.defaultApprovers.map(approver),
    ...(fallbackApprover === undefined ? {} : { fallbackApprover }),
    reminderHours: body.reminderHours,
    justificationRequired: body.justificationRequired,
  };
}

export function submitInput(body: SubmitInput): SubmitInput {
  const { appKey, tier, justification } = body;
  return {
    appKey,
    tier,
    ...(justification === undefined ? {} : { justification }),
  };
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
