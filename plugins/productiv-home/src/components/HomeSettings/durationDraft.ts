import {
  AccessDuration,
  AppAccessDuration,
} from '@internal/plugin-productiv-home-common';

/** How long access lasts, as the app dialog edits it: days typed, '' for none. */
export type DurationDraft = {
  defaultDays: string;
  maxDays: string;
  /** Tiers that differ from the app, by tier key. */
  tiers: Record<string, { defaultDays: string; maxDays: string }>;
};

export type DurationField = 'duration' | `duration-tier:${string}`;

const MAX = 3650;
const text = (n?: number) => (n === undefined ? '' : String(n));

export function toDurationDraft(d?: AppAccessDuration): DurationDraft {
  return {
    defaultDays: text(d?.defaultDays),
    maxDays: text(d?.maxDays),
    tiers: Object.fromEntries(
      Object.entries(d?.tiers ?? {}).map(([tier, t]) => [
        tier,
        { defaultDays: text(t.defaultDays), maxDays: text(t.maxDays) },
      ]),
    ),
  };
}

/** Whole days from 1 to 3650, or undefined for empty or anything else. */
function days(s: string): number | undefined {
  const n = Number(s.trim());
  return s.trim() && Number.isInteger(n) && n >= 1 && n <= MAX ? n : undefined;
}

function problem(d: { defaultDays: string; maxDays: string }) {
  for (const s of [d.defaultDays, d.maxDays]) {
    if (s.trim() && days(s) === undefined) {
      return `Days are whole numbers from 1 to ${MAX}, e.g. 30`;
    }
  }
  const def = days(d.defaultDays);
  const max = days(d.maxDays);
  if (def !== undefined && max !== undefined && def > max) {
    return 'The default must not be longer than the maximum';
  }
  return undefined;
}

/** What is obviously wrong before saving, by field. */
export function checkDuration(
  draft: DurationDraft,
  tiers: string[],
): Partial<Record<DurationField, string>> {
  const errors: Partial<Record<DurationField, string>> = {};
  const own = problem(draft);
  if (own) errors.duration = own;
  for (const tier of tiers) {
    const t = draft.tiers[tier];
    const p = t && problem(t);
    if (p) errors[`duration-tier:${tier}`] = p;
  }
  return errors;
}

function one(d: { defaultDays: string; maxDays: string }): AccessDuration {
  const def = days(d.defaultDays);
  const max = days(d.maxDays);
  return {
    ...(def !== undefined ? { defaultDays: def } : {}),
    ...(max !== undefined ? { maxDays: max } : {}),
  };
}

/** The durations to save: none when everything is permanent. */
export function fromDurationDraft(
  draft: DurationDraft,
  tiers: string[],
): { duration?: AppAccessDuration } {
  const own = one(draft);
  const byTier = tiers
    .map(tier => [tier, draft.tiers[tier] && one(draft.tiers[tier])] as const)
    .filter(([, t]) => t && Object.keys(t).length);
  if (!Object.keys(own).length && !byTier.length) return {};
  return {
    duration: {
      ...own,
      ...(byTier.length ? { tiers: Object.fromEntries(byTier) } : {}),
    },
  };
}

/** The field of a server's field path (`duration.tiers.editor.maxDays`). */
export function durationErrorField(path: string): DurationField | undefined {
  const tier = /^duration\.tiers\.([^.]+)/.exec(path);
  if (tier) return `duration-tier:${tier[1]}`;
  return /^duration(\.|$)/.test(path) ? 'duration' : undefined;
}
