import { OktaGroup, OktaUser } from './types';
import { LogQueryError } from './systemLog';

/* The subset of Okta's `search` / `filter` expressions the product uses. */

type Operator = 'eq' | 'sw' | 'co';
/** The value of a field of an object, or `undefined` when it has none. */
type FieldReader = (field: string) => unknown;

/**
 * Evaluates `expression`: comparisons `field op "value"` joined by `and` /
 * `or`, case-insensitive like Okta's. `read` answers a field's value and
 * throws for a field that cannot be searched; `allowed` is the operators
 * the field supports.
 */
function matches(
  expression: string | undefined,
  read: FieldReader,
  allowed: (field: string) => Operator[],
): boolean {
  if (!expression) return true;
  return expression.split(/\s+or\s+/i).some(orPart =>
    orPart.split(/\s+and\s+/i).every(part => {
      const m = part
        .trim()
        .replace(/^\(|\)$/g, '')
        .match(/^([\w.]+)\s+(eq|sw|co)\s+"([^"]*)"$/);
      if (!m)
        throw new LogQueryError(`Invalid search expression '${part.trim()}'`);
      const [, field, op, value] = m as unknown as [
        string,
        string,
        Operator,
        string,
      ];
      if (!allowed(field).includes(op)) {
        throw new LogQueryError(
          `Operator '${op}' is not supported for '${field}'`,
        );
      }
      const a = String(read(field) ?? '').toLowerCase();
      const v = value.toLowerCase();
      if (op === 'eq') return a === v;
      if (op === 'sw') return a.startsWith(v);
      return a.includes(v);
    }),
  );
}

/** A user search (`status`, `id`, `profile.*`; `eq` and `sw`). */
export function userMatches(
  u: OktaUser,
  expression: string | undefined,
): boolean {
  return matches(
    expression,
    field => {
      if (field === 'status' || field === 'id') return u[field];
      if (field.startsWith('profile.'))
        return (u.profile as Record<string, unknown>)[field.slice(8)];
      throw new LogQueryError(`Unsupported search field '${field}'`);
    },
    () => ['eq', 'sw'],
  );
}

/**
 * A group search or filter (`type`, `id`, `profile.name`,
 * `profile.description`; `eq` and `sw`, and `co` on the two profile
 * attributes, as Okta allows).
 */
export function groupMatches(
  g: OktaGroup,
  expression: string | undefined,
): boolean {
  return matches(
    expression,
    field => {
      if (field === 'type' || field === 'id') return g[field];
      if (field === 'profile.name') return g.profile.name;
      if (field === 'profile.description') return g.profile.description;
      throw new LogQueryError(`Unsupported search field '${field}'`);
    },
    field => (field.startsWith('profile.') ? ['eq', 'sw', 'co'] : ['eq', 'sw']),
  );
}
