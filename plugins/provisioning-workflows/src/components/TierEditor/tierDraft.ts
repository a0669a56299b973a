import {
  AppInstance,
  LicenseTierInput,
} from '@internal/plugin-provisioning-workflows-common';

/** One tier as the editor holds it: the fields as typed. */
export type TierRow = {
  /** The tier's key: carried, never shown. */
  tier: string;
  displayName: string;
  description: string;
  groupId: string;
  price: string;
  seats: string;
  holders: number;
};

/** The fields of a tier a message can be about. */
export type TierField =
  | 'tier'
  | 'displayName'
  | 'description'
  | 'groupId'
  | 'monthlyPrice'
  | 'seats';

/** Messages by tier position, then field; `general` for the rest. */
export type TierErrors = {
  fields: Record<number, Partial<Record<TierField, string>>>;
  general: string[];
};

const FIELDS: TierField[] = [
  'tier',
  'displayName',
  'description',
  'groupId',
  'monthlyPrice',
  'seats',
];

export function rowsOf(instance: AppInstance): TierRow[] {
  return instance.tiers.map(t => ({
    tier: t.tier,
    displayName: t.displayName,
    description: t.description ?? '',
    groupId: t.groupId ?? '',
    price: t.monthlyPrice === undefined ? '' : String(t.monthlyPrice),
    seats: t.seats === undefined ? '' : String(t.seats),
    holders: t.holders,
  }));
}

/** The rows as the API takes them, lowest first; empty fields left out. */
export function toInput(rows: TierRow[]): LicenseTierInput[] {
  return rows.map(r => {
    const input: LicenseTierInput = { tier: r.tier };
    if (r.displayName.trim()) input.displayName = r.displayName.trim();
    if (r.description.trim()) input.description = r.description.trim();
    if (r.groupId) input.groupId = r.groupId;
    if (r.price.trim()) input.monthlyPrice = Number(r.price);
    if (r.seats.trim()) input.seats = Number(r.seats);
    return input;
  });
}

/** What is wrong before sending: the checks the server makes, in its words. */
export function checkRows(rows: TierRow[]): TierErrors {
  const errors: TierErrors = { fields: {}, general: [] };
  const set = (i: number, field: TierField, message: string) => {
    errors.fields[i] = { ...errors.fields[i], [field]: message };
  };
  const groups = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!r.displayName.trim()) set(i, 'displayName', 'Give the tier a name');
    else if (r.displayName.trim().length > 64)
      set(i, 'displayName', 'Use 64 characters or fewer');
    if (r.description.trim().length > 500)
      set(i, 'description', 'Shorten the description to 500 characters');
    const price = Number(r.price);
    if (r.price.trim() && (!Number.isFinite(price) || price < 0))
      set(i, 'monthlyPrice', 'Enter a price of 0 or more, or leave it empty');
    const seats = Number(r.seats);
    if (r.seats.trim() && (!Number.isInteger(seats) || seats < 0))
      set(i, 'seats', 'Enter a whole number of seats, 0 or more');
    if (r.groupId) {
      const other = groups.get(r.groupId);
      if (other !== undefined)
        set(
          i,
          'groupId',
          `This group already grants ${rows[other].displayName}; pick another`,
        );
      else groups.set(r.groupId, i);
    }
  });
  return errors;
}

export function hasErrors(errors: TierErrors): boolean {
  return (
    errors.general.length > 0 ||
    Object.values(errors.fields).some(f => Object.keys(f).length > 0)
  );
}

/**
 * The server's 400 split by field: `tiers.2.seats: must be >= 0` goes
 * beside the seats of the third tier; anything else stays general.
 */
export function serverErrors(message: string): TierErrors {
  const errors: TierErrors = { fields: {}, general: [] };
  // Problems are joined by "; ", and a problem's own text may hold one:
  // a new problem starts with a field path and a colon.
  const parts = message
    .replace(/^Invalid request: /, '')
    .split(/; (?=[\w.]+: )/);
  for (const part of parts) {
    const match = /^tiers\.(\d+)\.(\w+): (.*)$/s.exec(part);
    const field = match?.[2] as TierField | undefined;
    if (match && field && FIELDS.includes(field)) {
      const i = Number(match[1]);
      const text = match[3].charAt(0).toUpperCase() + match[3].slice(1);
      errors.fields[i] = { ...errors.fields[i], [field]: text };
    } else {
      errors.general.push(part);
    }
  }
  return errors;
}

/** The rows with the one at `from` moved to `to`. */
export function moved(rows: TierRow[], from: number, to: number): TierRow[] {
  if (to < 0 || to >= rows.length) return rows;
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row);
  return next;
}
