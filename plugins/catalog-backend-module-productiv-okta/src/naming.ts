import { Group, User } from '@okta/okta-sdk-nodejs';
import { GroupNaming, UserNaming } from './config';

const MAX_NAME = 63;

/**
 * A valid entity name from `raw`: letters, digits and single `-`, `_` or
 * `.` between them, at most 63 characters; undefined when nothing is left.
 */
export function toEntityName(
  raw: string,
  replacement: '-' | '_' = '_',
): string | undefined {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9\-_.]+/g, replacement)
    .replace(/[-_.]{2,}/g, m => m[0])
    .slice(0, MAX_NAME)
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return name || undefined;
}

/** The entity name of an Okta user; their Okta id when the naming gives none. */
export function userEntityName(user: User, naming: UserNaming): string {
  const id = user.id ?? '';
  const login = String(user.profile?.login ?? '');
  if (naming === 'id' || !login) return toEntityName(id) ?? id;
  const raw = naming === 'login' ? login : login.split('@')[0];
  return toEntityName(raw) ?? toEntityName(id) ?? id;
}

/** The entity name of an Okta group; its Okta id when the naming gives none. */
export function groupEntityName(group: Group, naming: GroupNaming): string {
  const id = group.id ?? '';
  const name = String(group.profile?.name ?? '');
  if (naming === 'id' || !name) return toEntityName(id) ?? id;
  return toEntityName(name, '-') ?? toEntityName(id) ?? id;
}
