import {
  AppInstance,
  AuditEvent,
  WorkflowActionStatus,
} from '@internal/plugin-provisioning-workflows-common';
import {
  ACTION_STATUS_LABELS,
  labelOf,
  listOf,
  plural,
  tierName,
} from '../../util/labels';

/** A piece of a sentence: text, a person or group (by ref), a time, or a server message. */
export type Part =
  | string
  | { ref: string }
  | { time: string }
  | { message: string };

type Tiers =
  | (Pick<AppInstance, 'tiers'> & Partial<Pick<AppInstance, 'groups'>>)
  | undefined;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * An executor's message with the Okta group ids it names replaced by the
 * groups' names ("Removed from group 00g1…" → "Removed from group Figma
 * Viewer").
 */
export function withGroupNames(message: string, instance: Tiers): string {
  const names = new Map<string, string>();
  for (const g of instance?.groups ?? []) names.set(g.id, g.name);
  for (const t of instance?.tiers ?? []) {
    if (t.groupId && t.groupName) names.set(t.groupId, t.groupName);
  }
  let named = message;
  for (const [id, name] of names) named = named.split(id).join(name);
  return named;
}

/** The person an action is about: their e-mail, else "someone". */
const holder = (d: Record<string, unknown>): Part => str(d.email) ?? 'someone';

/** The person a restore gives a license back to: their catalog user, else their e-mail. */
const restored = (d: Record<string, unknown>): Part =>
  str(d.entityRef) ? { ref: String(d.entityRef) } : holder(d);

/** `user:jane@acme.example.com` or `group:group:default/vps` (kind, then value). */
function exemptEntry(entry: unknown): Part {
  const text = String(entry);
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const value = text.slice(colon + 1);
  return kind === 'group' ? { ref: value } : value;
}

/** Parts joined by ", " and " and ". */
function listParts(parts: Part[]): Part[] {
  return parts.flatMap((p, i) => {
    if (i === 0) return [p];
    return [i === parts.length - 1 ? ' and ' : ', ', p];
  });
}

function change(d: Record<string, unknown>, tiers: Tiers): string {
  if (d.action === 'downgrade') {
    const from = str(d.fromTier)
      ? ` from ${tierName(tiers, str(d.fromTier))}`
      : '';
    return `downgrade${from} to ${tierName(tiers, str(d.toTier))}`;
  }
  return 'deprovision';
}

function counts(value: unknown): string {
  const entries = Object.entries(
    (value ?? {}) as Record<string, number>,
  ).filter(([, n]) => n);
  if (!entries.length) return 'nobody to act on';
  return listOf(
    entries.map(
      ([status, n]) =>
        `${n} ${labelOf(
          ACTION_STATUS_LABELS,
          status as WorkflowActionStatus,
        ).toLowerCase()}`,
    ),
  );
}

/**
 * An audit event as a sentence, in parts: "Alex Morgan paused the workflow",
 * "Exempted Finance from every app", "The run finished: 1 dry run".
 */
export function describeEvent(e: AuditEvent, tiers?: Tiers): Part[] {
  const d = e.detail ?? {};
  const actor: Part = { ref: e.actor };
  switch (e.type) {
    case 'workflow.saved': {
      const rules = (d.definition as { rules?: unknown[] } | undefined)?.rules;
      return [
        actor,
        d.created ? ' set up the workflow' : ' saved the workflow',
        rules ? ` (${plural(rules.length, 'rule')})` : '',
      ];
    }
    case 'workflow.status':
      return [
        actor,
        d.to === 'paused' ? ' paused the workflow' : ' resumed the workflow',
      ];
    case 'exemption.added': {
      const entries = Array.isArray(d.entries) ? d.entries : [];
      const added = typeof d.added === 'number' ? d.added : entries.length;
      return [
        actor,
        ' exempted ',
        ...(entries.length
          ? listParts(entries.map(exemptEntry))
          : [plural(added, 'entry', 'entries')]),
        d.scope === 'global' ? ' from every app' : ' from this app',
        added < entries.length
          ? ` (${entries.length - added} already exempt)`
          : '',
      ];
    }
    case 'exemption.removed':
      return [
        actor,
        ' removed the exemption of ',
        d.kind === 'group' ? { ref: String(d.value) } : String(d.value ?? ''),
        d.scope === 'global' ? ' from every app' : '',
      ];
    case 'run.started':
      return [
        actor,
        ` started ${d.dryRun ? 'a dry run' : 'a run'}`,
        d.mode === 'suggest' ? ' that only suggests' : '',
        d.trigger === 'schedule' ? ' on schedule' : '',
      ];
    case 'run.finished':
      return d.status === 'failed'
        ? ['The run failed: ', { message: String(d.error ?? 'no reason') }]
        : [`The ${d.dryRun ? 'dry run' : 'run'} finished: ${counts(d.counts)}`];
    case 'action.done': {
      const moved =
        d.action === 'downgrade'
          ? ` from ${tierName(tiers, str(d.fromTier))} to ${tierName(
              tiers,
              str(d.toTier),
            )}`
          : '';
      return [
        d.action === 'downgrade' ? 'Downgraded ' : 'Deprovisioned ',
        holder(d),
        moved,
        ...(str(d.result)
          ? [': ', { message: withGroupNames(String(d.result), tiers) }]
          : []),
      ];
    }
    case 'action.failed':
      return [
        'Could not change the license of ',
        holder(d),
        ': ',
        { message: String(d.error ?? 'no reason') },
      ];
    case 'action.waiting-on-it':
      return [
        'Okta could not change the license of ',
        holder(d),
        '; IT was asked in a ticket',
        ...(str(d.reason) ? [': ', { message: String(d.reason) }] : []),
      ];
    case 'action.skipped':
      return [
        'Left the license of ',
        holder(d),
        ' as it was',
        ...(str(d.reason) ? [': ', { message: String(d.reason) }] : []),
      ];
    case 'action.opted-out':
      return [actor, ' chose to keep their license'];
    case 'action.notified':
      return [
        'Warned ',
        holder(d),
        ...(str(d.deadline)
          ? [': the license changes ', { time: String(d.deadline) }]
          : []),
      ];
    case 'suggestion.accepted':
    case 'suggestion.dismissed':
      return [
        actor,
        e.type === 'suggestion.accepted' ? ' accepted' : ' dismissed',
        ` the suggestion to ${change(d, tiers)} `,
        holder(d),
      ];
    case 'restore.requested':
      return [
        actor,
        ' asked to get back the license of ',
        restored(d),
        ` that the rule “${str(d.ruleName) ?? 'unnamed'}” took`,
      ];
    case 'restore.done':
      return [
        'Gave back the license of ',
        restored(d),
        ` (rule “${str(d.ruleName) ?? 'unnamed'}”)`,
        ...(str(d.result)
          ? [': ', { message: withGroupNames(String(d.result), tiers) }]
          : []),
      ];
    case 'restore.failed':
      return [
        'Could not give back the license of ',
        restored(d),
        ': ',
        { message: String(d.error ?? 'no reason') },
      ];
    default:
      return [actor, ` ${String(e.type)}`];
  }
}

const REF_NAME = /^[^:]+:(?:[^/]+\/)?/;

/** The sentence as plain text, for the CSV: people by ref name, times in ISO 8601. */
export function sentenceText(parts: Part[]): string {
  return parts
    .map(p => {
      if (typeof p === 'string') return p;
      if ('ref' in p) {
        return p.ref === 'provisioning-workflows'
          ? 'License automation'
          : p.ref.replace(REF_NAME, '');
      }
      if ('time' in p) return p.time;
      return p.message;
    })
    .join('');
}
