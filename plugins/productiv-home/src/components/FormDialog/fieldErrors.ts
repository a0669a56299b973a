import { ResponseError } from '@backstage/errors';
import { serverMessage } from '../RequestPage/names';

/** The key of what a message says that names no field: it belongs to the form. */
export const FORM_ERROR = '';

// A dotted field path as the backend names it: `name`, `okta.tiers.1.groupId`.
const PATH = '[A-Za-z_$][\\w$-]*(?:\\.[\\w$-]+)*';
const FIELD = new RegExp(`^(${PATH}): ([\\s\\S]+)$`);
// Problems are joined by "; ", each starting with its field.
const NEXT = new RegExp(`; (?=${PATH}: )`);
// What the spec router puts before the fields it names.
const PREFIX = /^Invalid request:\s*/;

/**
 * What a 400's message says about each field, by the field's dotted path:
 * `"okta.tiers.1.groupId: pick a group; name: must not be blank"` →
 * `{ 'okta.tiers.1.groupId': 'pick a group', name: 'must not be blank' }`.
 * What names no field is kept under `FORM_ERROR`; two messages for one
 * field are joined.
 */
export function fieldErrors(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (key: string, text: string) => {
    errors[key] = errors[key] ? `${errors[key]}; ${text}` : text;
  };
  const text = message.trim().replace(PREFIX, '');
  if (!text) return errors;
  for (const part of text.split(NEXT)) {
    const match = FIELD.exec(part.trim());
    if (match) add(match[1], match[2].trim());
    else add(FORM_ERROR, part.trim());
  }
  return errors;
}

/**
 * The field errors of a refusal for bad input (a 400, or an InputError
 * thrown here); undefined for any other failure, whose message is the
 * form's to show.
 */
export function inputErrors(
  error: unknown,
): Record<string, string> | undefined {
  const refused = ResponseError.is(error)
    ? error.statusCode === 400 || error.cause?.name === 'InputError'
    : (error as Error | undefined)?.name === 'InputError';
  return refused ? fieldErrors(serverMessage(error)) : undefined;
}

/**
 * Sorts field errors into those a form shows beside its inputs (`place`
 * names the input of a field path, or undefined) and the rest, for the form
 * to show as one message ("field: reason" where a field is named).
 */
export function placeErrors<K extends string>(
  errors: Record<string, string>,
  place: (field: string) => K | undefined,
): { fields: Partial<Record<K, string>>; rest?: string } {
  const fields: Partial<Record<K, string>> = {};
  const rest: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    const key = field === FORM_ERROR ? undefined : place(field);
    if (key === undefined) {
      rest.push(field === FORM_ERROR ? message : `${field}: ${message}`);
    } else {
      fields[key] = fields[key] ? `${fields[key]}; ${message}` : message;
    }
  }
  return { fields, rest: rest.length ? rest.join('; ') : undefined };
}
