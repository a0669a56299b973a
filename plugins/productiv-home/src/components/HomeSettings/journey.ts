import { ApproverSpec, HomeApp } from '@internal/plugin-productiv-home-common';
import { refName } from '../../util/refName';

// Worded for the employee reading the preview ("your manager").
const approverText = (spec: ApproverSpec): string => {
  switch (spec.type) {
    case 'manager':
      return 'your manager';
    case 'app-owner':
      return 'the app owner';
    case 'users':
      return spec.users.map(refName).join(' or ') || 'the people named';
    default:
      return spec.group
        ? `a member of ${refName(spec.group)}`
        : 'a member of the group named';
  }
};

/**
 * What an employee goes through when they request the app, in words: who
 * approves, and how access is then granted. Mirrors the backend's rules: an
 * app without its own approval levels uses the default approvers, and no
 * levels at all means no approval. `defaultApprovers` is undefined while
 * the settings are unknown.
 */
export function describeJourney(
  app: Pick<HomeApp, 'approval' | 'fulfillment' | 'owners'>,
  defaultApprovers?: ApproverSpec[],
): { approval: string; fulfillment: string; notes: string[] } {
  const { required, exceptGroups } = app.approval;
  const usesDefaults = app.approval.levels.length === 0;
  const levels = usesDefaults ? defaultApprovers : app.approval.levels;
  const notes: string[] = [];
  let approval: string;
  if (required === 'no-one' || levels?.length === 0) {
    approval = 'No approval needed.';
  } else {
    const chain = levels
      ? `Needs approval by ${levels.map(approverText).join(', then ')}`
      : 'Needs approval by the default approvers';
    approval =
      required === 'everyone-except' && exceptGroups.length
        ? `${chain}, unless you are a member of ${exceptGroups
            .map(refName)
            .join(' or ')}.`
        : `${chain}.`;
    if (levels?.some(l => l.type === 'app-owner') && !app.owners.length) {
      notes.push(
        'No app owners are set: their approval goes to the fallback approver, if one is set.',
      );
    }
  }
  const fulfillment = {
    automatic: 'Access is then granted automatically through Okta.',
    ticket: 'IT then gets a ticket to grant access.',
    // Manual apps are marked granted on approval; setting up is up to an admin.
    manual: 'An admin then grants access.',
  }[app.fulfillment];
  return { approval, fulfillment, notes };
}
