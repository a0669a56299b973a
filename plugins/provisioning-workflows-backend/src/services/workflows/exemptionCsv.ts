import { InputError } from '@backstage/errors';

export type ExemptionEntry = {
  kind: 'user' | 'group';
  value: string;
  note?: string;
};

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const GROUP_REF = /^group:[^/\s]+\/[^\s]+$/;

/** Reads one exempt entry: an e-mail or a group entity ref. */
export function parseExemptionValue(raw: string): ExemptionEntry | undefined {
  const value = raw
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
  if (EMAIL.test(value)) return { kind: 'user', value: value.toLowerCase() };
  if (GROUP_REF.test(value)) return { kind: 'group', value };
  return undefined;
}

/**
 * Reads an exempt list from CSV: one person (e-mail) or group
 * (`group:default/vps`) per line, optionally followed by a note; a header
 * line and blank lines are skipped. Every bad line is reported with its number.
 */
export function parseExemptionCsv(csv: string): ExemptionEntry[] {
  const entries: ExemptionEntry[] = [];
  const errors: string[] = [];
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const [first, ...rest] = line.split(/[,;\t]/);
    const entry = parseExemptionValue(first);
    if (!entry) {
      if (
        index === 0 &&
        /^[\s"]*(email|e-mail|value|user|kind|who)/i.test(first)
      )
        return;
      errors.push(
        `line ${
          index + 1
        }: '${first.trim()}' is neither an e-mail nor a group ref like group:default/vps`,
      );
      return;
    }
    const note = rest
      .join(',')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    entries.push(note ? { ...entry, note: note.slice(0, 255) } : entry);
  });
  if (errors.length) {
    throw new InputError(
      `The CSV has ${errors.length} bad line${
        errors.length > 1 ? 's' : ''
      }, nothing was added: ${errors.slice(0, 5).join('; ')}${
        errors.length > 5 ? '; …' : ''
      }`,
    );
  }
  if (entries.length === 0) throw new InputError('The CSV lists nobody');
  if (entries.length > 10_000) {
    throw new InputError(
      `The CSV lists ${entries.length} entries; at most 10,000 at once`,
    );
  }
  return entries;
}
