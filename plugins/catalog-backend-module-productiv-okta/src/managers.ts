import { User } from '@okta/okta-sdk-nodejs';
import { profileText } from './defaultEntities';

/** How a manager was found: by `managerId` or, failing that, by name. */
export type ManagerMatch = { oktaId: string; by: 'id' | 'name' };

/**
 * Finds a person's manager among the Okta users read. Okta's `managerId` is
 * free text that HR integrations fill with the manager's Okta id, login,
 * e-mail or employee number, so it is looked up in that order; when it
 * names no one (or is empty) the manager's display name (`manager`) is
 * used, if exactly one person has it.
 */
export class ManagerIndex {
  private readonly byKey = new Map<string, string>();
  private readonly byName = new Map<string, string[]>();

  constructor(users: User[]) {
    const keyed: Array<(u: User) => string | undefined> = [
      u => u.id,
      u => profileText(u, 'login'),
      u => profileText(u, 'email'),
      u => profileText(u, 'employeeNumber'),
    ];
    // Earlier kinds of key win: an id is never shadowed by a login.
    for (const keyOf of keyed) {
      for (const u of users) {
        const key = keyOf(u)?.toLowerCase();
        if (u.id && key && !this.byKey.has(key)) this.byKey.set(key, u.id);
      }
    }
    for (const u of users) {
      const name = profileText(u, 'displayName')?.toLowerCase();
      if (!u.id || !name) continue;
      this.byName.set(name, [...(this.byName.get(name) ?? []), u.id]);
    }
  }

  /** The manager of `user`, from the two profile attributes; never themself. */
  find(
    user: User,
    fields: { managerId: string; managerName: string },
  ): ManagerMatch | undefined {
    const key = profileText(user, fields.managerId)?.toLowerCase();
    const byId = key ? this.byKey.get(key) : undefined;
    if (byId && byId !== user.id) return { oktaId: byId, by: 'id' };
    const name = profileText(user, fields.managerName)?.toLowerCase();
    const named = name ? this.byName.get(name) ?? [] : [];
    if (named.length === 1 && named[0] !== user.id) {
      return { oktaId: named[0], by: 'name' };
    }
    return undefined;
  }
}
