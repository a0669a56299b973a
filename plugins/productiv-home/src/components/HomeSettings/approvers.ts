import { ApproverSpec } from '@internal/plugin-productiv-home-common';

/** An approver level as the admin forms edit it: a type and a comma-separated value. */
export type ApproverDraft = {
  type: ApproverSpec['type'] | 'none';
  value: string;
};

export function toDraft(spec?: ApproverSpec): ApproverDraft {
  if (!spec) return { type: 'none', value: '' };
  if (spec.type === 'users')
    return { type: 'users', value: spec.users.join(', ') };
  if (spec.type === 'group') return { type: 'group', value: spec.group };
  return { type: spec.type, value: '' };
}

const refs = (value: string, kind: 'user' | 'group') =>
  value
    .split(',')
    .map(v => v.trim())
    .filter(Boolean)
    .map(v => (v.includes(':') ? v : `${kind}:default/${v}`));

export function fromDrafts(drafts: ApproverDraft[]): ApproverSpec[] {
  const specs: ApproverSpec[] = [];
  for (const d of drafts) {
    if (d.type === 'none') continue;
    if (d.type === 'users')
      specs.push({ type: 'users', users: refs(d.value, 'user') });
    else if (d.type === 'group')
      specs.push({ type: 'group', group: refs(d.value, 'group')[0] ?? '' });
    else specs.push({ type: d.type });
  }
  return specs;
}

export { refs as toEntityRefs };
