import { ApproverSpec } from '@internal/plugin-productiv-home-common';

/** An approver level as the admin forms edit it: a type and, for people or a group, their refs. */
export type ApproverDraft = {
  type: ApproverSpec['type'] | 'none';
  /** Entity refs: the people (users), or the one group (group). */
  refs: string[];
};

export function toDraft(spec?: ApproverSpec): ApproverDraft {
  if (!spec) return { type: 'none', refs: [] };
  if (spec.type === 'users') return { type: 'users', refs: spec.users };
  if (spec.type === 'group') return { type: 'group', refs: [spec.group] };
  return { type: spec.type, refs: [] };
}

/** The levels to save; a level set to "None" is left out. */
export function fromDrafts(drafts: ApproverDraft[]): ApproverSpec[] {
  const specs: ApproverSpec[] = [];
  for (const d of drafts) {
    if (d.type === 'none') continue;
    if (d.type === 'users') specs.push({ type: 'users', users: d.refs });
    else if (d.type === 'group')
      specs.push({ type: 'group', group: d.refs[0] ?? '' });
    else specs.push({ type: d.type });
  }
  return specs;
}

/** What an admin still has to pick for a level; undefined when it is complete. */
export function draftProblem(draft: ApproverDraft): string | undefined {
  if (draft.type === 'users' && !draft.refs.length) {
    return 'Pick at least one person';
  }
  if (draft.type === 'group' && !draft.refs.length) return 'Pick the group';
  return undefined;
}

/**
 * The draft a saved level came from: `fromDrafts` leaves out the levels set
 * to "None", so the server's `levels.1` may be the form's first one.
 */
export function draftOfLevel(
  drafts: ApproverDraft[],
  level: number,
): number | undefined {
  const kept = drafts.flatMap((d, i) => (d.type === 'none' ? [] : [i]));
  return kept[level];
}
