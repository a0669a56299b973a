import { InputError } from '@backstage/errors';
import { parse } from 'csv-parse/sync';

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

type CsvRow = {
  record: string[];
  info: { lines: number; empty_lines: number };
};

/** The CSV's records, each with the line it starts on (a quoted field may span lines). */
function readRecords(csv: string): Array<{ fields: string[]; line: number }> {
  let rows: CsvRow[];
  try {
    rows = parse(csv, {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as CsvRow[];
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    throw new InputError(
      `The CSV could not be read${
        lines ? ` at line ${lines}` : ''
      }, nothing was added: ${message.replace(/^[^:]*: /, '')}`,
    );
  }
  let lastLine = 0;
  let lastEmpty = 0;
  return rows.map(({ record, info }) => {
    const line = lastLine + 1 + (info.empty_lines - lastEmpty);
    lastLine = info.lines;
    lastEmpty = info.empty_lines;
    return { fields: record, line };
  });
}

/**
 * Reads an exempt list from CSV (RFC 4180: quoted fields may hold commas,
 * doubled quotes and line breaks; comma, semicolon or tab between fields):
 * one person (e-mail) or group (`group:default/vps`) per record, optionally
 * followed by a note; a header line and blank lines are skipped. Every bad
 * record is reported with the line it starts on.
 */
export function parseExemptionCsv(csv: string): ExemptionEntry[] {
  const entries: ExemptionEntry[] = [];
  const errors: string[] = [];
  readRecords(csv).forEach(({ fields, line }, index) => {
    const [first = '', ...rest] = fields;
    const entry = parseExemptionValue(first);
    if (!entry) {
      if (index === 0 && /^(email|e-mail|value|user|kind|who)/i.test(first)) {
        return;
      }
      errors.push(
        `line ${line}: '${first}' is neither an e-mail nor a group ref like group:default/vps`,
      );
      return;
    }
    const note = rest.filter(Boolean).join(', ').replace(/\r\n?/g, '\n');
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
