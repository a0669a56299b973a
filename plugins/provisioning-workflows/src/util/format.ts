/** A whole currency amount per month, e.g. "$1,240/mo". */
export function money(amount: number): string {
  return `$${amount.toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  })}`;
}

/** A time as "2026-11-24 10:00 UTC"; a dash when absent. */
export function when(iso?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A day as "2026-11-24"; "never" when absent. */
export function day(iso?: string): string {
  return iso ? iso.slice(0, 10) : 'never';
}

/** The name part of an entity ref: `user:default/alex.morgan` → `alex.morgan`. */
export function refName(ref: string): string {
  return ref.replace(/^[^:]+:(?:[^/]+\/)?/, '');
}
