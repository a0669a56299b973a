import { ApproverSpec, HomeApp } from '@internal/plugin-productiv-home-common';
import { refName } from '../../util/refName';

// Worded for the employee reading the preview ("your manager").
const approverText = (spec: ApproverSpec, nameOf: (ref: string) => string) => {
  switch (spec.type) {
    case 'manager':
      return 'your manager';
    case 'app-owner':
      return 'the app owner';
    case 'users':
      return spec.users.map(nameOf).join(' or ') || 'the people named';
    default:
      return spec.group
        ? `a member of ${nameOf(spec.group)}`
        : 'a member of the group named';
  }
};

/** The people and groups a journey names: to look their display names up. */
export function journeyRefs(
  app: Pick<HomeApp, 'approval'>,
  defaultApprovers: ApproverSpec[] = [],
): string[] {
  const refs = [...app.approval.exceptGroups];
  for (const spec of [...app.approval.levels, ...defaultApprovers]) {
    if (spec.type === 'users') refs.push(...spec.users);
    if (spec.type === 'group' && spec.group) refs.push(spec.group);
  }
  return [...new Set(refs)];
}

/**
 * What an employee goes through when they request the app, in words: who
 * approves, and how access is then granted. Mirrors the backend's rules: an
 * app without its own approval levels uses the default approvers, and no
 * levels at all means no approval. `defaultApprovers` is undefined while
 * the settings are unknown. People and groups are named by `nameOf` (their
 * display names), by the name in their ref without it.
 */
export function describeJourney(
  app: Pick<HomeApp, 'approval' | 'fulfillment' | 'owners'>,
  defaultApprovers?: ApproverSpec[],
  nameOf: (ref: string) => string = refName,
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
      ? `Needs approval by ${levels
          .map(l => approverText(l, nameOf))
          .join(', then ')}`
      : 'Needs approval by the default approvers';
    approval =
      required === 'everyone-except' && exceptGroups.length
        ? `${chain}, unless you are a member of ${exceptGroups
            .map(nameOf)
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
