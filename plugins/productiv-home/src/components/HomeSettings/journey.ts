import { ApproverSpec, HomeApp } from '@internal/plugin-productiv-home-common';
import { refName } from '../../util/refName';

const approverText = (spec: ApproverSpec): string => {
  switch (spec.type) {
    case 'manager':
      return 'their manager';
    case 'app-owner':
      return 'the app owner';
    case 'users':
      return spec.users.map(refName).join(' or ');
    default:
      return `a member of ${refName(spec.group)}`;
  }
};

/**
 * What an employee goes through when they request the app, in words: who
 * approves, and how access is then granted.
 */
export function describeJourney(
  app: Pick<HomeApp, 'approval' | 'fulfillment'>,
): { approval: string; fulfillment: string } {
  const { required, exceptGroups, levels } = app.approval;
  let approval: string;
  if (required === 'no-one') {
    approval = 'No approval needed.';
  } else {
    const chain = levels.length
      ? `Needs approval by ${levels.map(approverText).join(', then ')}`
      : 'Needs approval by the default approvers';
    approval =
      required === 'everyone-except' && exceptGroups.length
        ? `${chain}, except for members of ${exceptGroups
            .map(refName)
            .join(', ')}.`
        : `${chain}.`;
  }
  const fulfillment = {
    automatic:
      "Access is then granted automatically through the tier's Okta group.",
    ticket: 'IT then gets a ticket to grant access.',
    manual: 'Access is then marked granted when approved; an admin sets it up.',
  }[app.fulfillment];
  return { approval, fulfillment };
}
