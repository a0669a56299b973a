import { hash32, seededRandom } from '../state/ids';
import { OktaDirectory } from './directory';
import { SsoEventInput } from './systemLog';

/** How much a person uses an app they are assigned to. */
export type UsageProfile = 'heavy' | 'light' | 'inactive';

export type ActivityOptions = {
  /** Number of days of activity, ending at `end`. */
  days: number;
  /** End of the window (exclusive), epoch ms. */
  end: number;
  seed?: number;
  /**
   * Total number of events wanted. The natural mix (heavy users sign in 1 to
   * 4 times a workday, light users on about one day in five, inactive users
   * never) is scaled to reach it. Omit for the natural volume.
   */
  targetEvents?: number;
};

const DAY = 24 * 3600 * 1000;

/** The usage profile of one assignment: 40% heavy, 35% light, 25% inactive. */
export function usageProfile(
  seed: number,
  userId: string,
  appId: string,
): UsageProfile {
  const bucket = hash32(`${seed}:${userId}:${appId}`) % 100;
  if (bucket < 40) return 'heavy';
  if (bucket < 75) return 'light';
  return 'inactive';
}

/**
 * Generates deterministic `user.authentication.sso` activity for every
 * active assignment of every app, none before the assignment began: same
 * options and directory, same events.
 */
export function generateSsoActivity(
  directory: OktaDirectory,
  options: ActivityOptions,
): { events: SsoEventInput[]; profiles: Record<UsageProfile, number> } {
  const seed = options.seed ?? 42;
  const start = options.end - options.days * DAY;
  const firstDay = Math.floor(start / DAY) * DAY;
  const profiles: Record<UsageProfile, number> = {
    heavy: 0,
    light: 0,
    inactive: 0,
  };

  // Natural per-day counts first, so that a target can scale them exactly.
  type Plan = {
    userId: string;
    appId: string;
    day: number;
    count: number;
    rand: () => number;
    assigned: number;
  };
  const plans: Plan[] = [];
  let natural = 0;
  for (const app of directory.apps.values()) {
    if (app.status !== 'ACTIVE') continue;
    for (const { userId, created } of directory.appUsers(app.id)) {
      if (directory.users.get(userId)?.status !== 'ACTIVE') continue;
      const profile = usageProfile(seed, userId, app.id);
      profiles[profile]++;
      if (profile === 'inactive') continue;
      const rand = seededRandom(hash32(`${seed}:${userId}:${app.id}:days`));
      // Nobody signs in to an app before they were assigned it.
      const assigned = Date.parse(created);
      for (let day = firstDay; day < options.end; day += DAY) {
        if (day + 18 * 3600 * 1000 <= assigned) continue;
        const weekday = new Date(day).getUTCDay() % 6 !== 0;
        let count = 0;
        if (profile === 'heavy') {
          if (weekday) count = 1 + Math.floor(rand() * 4);
          else if (rand() < 0.2) count = 1;
        } else if (rand() < 0.2) {
          count = 1;
        }
        if (count > 0) {
          plans.push({ userId, appId: app.id, day, count, rand, assigned });
          natural += count;
        }
      }
    }
  }

  const factor =
    options.targetEvents !== undefined && natural > 0
      ? options.targetEvents / natural
      : 1;
  const events: SsoEventInput[] = [];
  let wanted = 0;
  for (const plan of plans) {
    wanted += plan.count * factor;
    const n = Math.round(wanted) - events.length;
    // Sign-ins between 07:00 and 18:00 UTC, inside the window.
    const from = Math.max(plan.day + 7 * 3600 * 1000, start, plan.assigned);
    const to = Math.min(plan.day + 18 * 3600 * 1000, options.end - 1);
    if (to <= from) continue;
    for (let k = 0; k < n; k++) {
      events.push({
        published: Math.floor(from + plan.rand() * (to - from)),
        userId: plan.userId,
        appId: plan.appId,
      });
    }
  }
  return { events, profiles };
}
