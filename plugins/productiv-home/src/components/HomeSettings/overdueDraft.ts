import {
  DEFAULT_ESCALATION,
  DEFAULT_EXPIRY,
  EscalationSettings,
  ExpirySettings,
} from '@internal/plugin-productiv-home-common';

/** Escalation and expiry as the form edits them. */
export type OverdueDraft = {
  /** `default`: an app follows the default settings (apps only). */
  escalateTo: EscalationSettings['to'] | 'default';
  escalateDays: string;
  /** Empty on an app: the default settings' limit. */
  expiryDays: string;
};

export type OverdueField = 'escalation' | 'expiry';
export type OverdueErrors = Partial<Record<OverdueField, string>>;

const MAX_DAYS = 365;

/** The draft of saved rules; on an app, absent rules follow the settings. */
export function toOverdueDraft(
  rules: { escalation?: EscalationSettings; expiry?: ExpirySettings },
  mode: 'settings' | 'app',
): OverdueDraft {
  const escalation =
    rules.escalation ?? (mode === 'settings' ? DEFAULT_ESCALATION : undefined);
  const expiry =
    rules.expiry ?? (mode === 'settings' ? DEFAULT_EXPIRY : undefined);
  return {
    escalateTo: escalation?.to ?? 'default',
    escalateDays: escalation ? String(escalation.afterDays) : '',
    expiryDays: expiry ? String(expiry.afterDays) : '',
  };
}

/** A number of days typed ("3", "0.5"), or undefined when it is not one. */
export function parseDays(text: string): number | undefined {
  const days = Number(text.trim());
  return text.trim() && Number.isFinite(days) && days > 0 && days <= MAX_DAYS
    ? days
    : undefined;
}

const DAYS_PROBLEM = `Days are a number above 0 and at most ${MAX_DAYS}, e.g. 3`;

/** What is obviously wrong with the rules before they are saved. */
export function checkOverdue(
  draft: OverdueDraft,
  mode: 'settings' | 'app',
): OverdueErrors {
  const errors: OverdueErrors = {};
  if (
    draft.escalateTo !== 'default' &&
    parseDays(draft.escalateDays) === undefined
  ) {
    errors.escalation = DAYS_PROBLEM;
  }
  const expiryEmpty = !draft.expiryDays.trim();
  if (
    (mode === 'settings' || !expiryEmpty) &&
    parseDays(draft.expiryDays) === undefined
  ) {
    errors.expiry = DAYS_PROBLEM;
  }
  const escalate = parseDays(draft.escalateDays);
  const expire = parseDays(draft.expiryDays);
  if (
    !errors.escalation &&
    !errors.expiry &&
    draft.escalateTo !== 'default' &&
    escalate !== undefined &&
    expire !== undefined &&
    escalate >= expire
  ) {
    errors.escalation =
      'Escalate before requests expire: fewer days than the expiry';
  }
  return errors;
}

/** The rules to save (a checked draft); on an app, none for "as the settings". */
export function fromOverdueDraft(draft: OverdueDraft): {
  escalation?: EscalationSettings;
  expiry?: ExpirySettings;
} {
  const escalate = parseDays(draft.escalateDays);
  const expire = parseDays(draft.expiryDays);
  return {
    ...(draft.escalateTo !== 'default' && escalate !== undefined
      ? { escalation: { afterDays: escalate, to: draft.escalateTo } }
      : {}),
    ...(expire !== undefined ? { expiry: { afterDays: expire } } : {}),
  };
}

/** The field of a server's field path (`escalation.afterDays` → escalation). */
export function overdueField(path: string): OverdueField | undefined {
  if (/^escalation(\.|$)/.test(path)) return 'escalation';
  if (/^expiry(\.|$)/.test(path)) return 'expiry';
  return undefined;
}
