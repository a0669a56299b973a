import { hash32 } from '../state/ids';
import { ADMIN_ACTOR, OktaDirectory } from './directory';
import { SeedHistory } from './history';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/** A group membership that began and ended before the seed date. */
export type PastMembership = {
  groupId: string;
  userId: string;
  /** When it was added (epoch ms). */
  fromMs: number;
  /** When it was removed (epoch ms). */
  toMs: number;
};

/**
 * Seeds the System Log with memberships of app tier groups that ended
 * before the seed date, so that the log tells a history the current state
 * does not: for each app with tiers, two people who held its highest tier
 * for a while and lost it ("former holders"), and two holders of a higher
 * tier who were also put in the lowest tier (priority 0, which wins) for a
 * few weeks ("tier movers": Okta gave them the lower tier meanwhile). Each
 * as a `group.user_membership.add` and a `.remove` event by the
 * administrator, between 90 and 10 days before the seed date; the current
 * memberships are not touched. Deterministic: picked by hashes of names.
 */
export function seedMembershipHistory(
  dir: OktaDirectory,
  history: SeedHistory,
): PastMembership[] {
  const past: PastMembership[] = [];
  const add = (groupId: string, userId: string, key: string) => {
    const h = hash32(`past:${key}:${groupId}:${userId}`);
    // Added 50 to 89 days before the seed date, removed 10 to 39 days
    // before it.
    const fromMs = history.seedMs - (50 + (h % 40)) * DAY + 9 * HOUR;
    const toMs = history.seedMs - (10 + ((h >>> 8) % 30)) * DAY + 14 * HOUR;
    dir.log('group.user_membership.add', fromMs, ADMIN_ACTOR, [
      dir.userTarget(userId),
      dir.groupTarget(groupId),
    ]);
    dir.log('group.user_membership.remove', toMs, ADMIN_ACTOR, [
      dir.userTarget(userId),
      dir.groupTarget(groupId),
    ]);
    past.push({ groupId, userId, fromMs, toMs });
  };
  const pick = (ids: string[], key: string, n: number) =>
    ids
      .map(id => ({ id, h: hash32(`${key}:${id}`) }))
      .sort((a, b) => a.h - b.h || a.id.localeCompare(b.id))
      .slice(0, n)
      .map(x => x.id);
  const active = [...dir.users.values()]
    .filter(u => u.status === 'ACTIVE')
    .map(u => u.id)
    .sort();
  for (const app of [...dir.apps.values()].sort((a, b) =>
    a.id.localeCompare(b.id),
  )) {
    const groups = [...(dir.appGroups.get(app.id) ?? new Map())]
      .sort((a, b) => a[1].priority - b[1].priority)
      .map(([id]) => id);
    if (groups.length < 2) continue;
    const holders = new Set(dir.appUsers(app.id).map(u => u.userId));
    const top = groups[groups.length - 1];
    const lowest = groups[0];
    const former = pick(
      active.filter(id => !holders.has(id)),
      `former:${app.id}`,
      2,
    );
    for (const userId of former) add(top, userId, 'former');
    const higher = active.filter(
      id =>
        holders.has(id) &&
        !dir.members.get(lowest)?.has(id) &&
        groups.some(
          g =>
            g !== lowest &&
            dir.members.get(g)?.has(id) &&
            // In the higher tier since before the change began.
            Date.parse(dir.memberSince.get(g)?.get(id) ?? '') <
              history.seedMs - 90 * DAY,
        ),
    );
    for (const userId of pick(higher, `mover:${app.id}`, 2))
      add(lowest, userId, 'mover');
  }
  return past;
}
