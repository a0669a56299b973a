import { hash32 } from '../state/ids';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/**
 * When the seeded Okta org was captured: every seeded creation, membership
 * and assignment time is before it. Fixed, so that the seeded state is the
 * same on every run; writes through the API carry the sandbox's clock.
 */
export const DEFAULT_SEED_DATE = '2026-10-19T09:00:00.000Z';

/**
 * People of the catalog who joined shortly before the seed date (days
 * before it): the seeded new hires.
 */
export const RECENT_HIRES: Record<string, number> = {
  'harper.thomas': 12,
  'chloe.young': 26,
};

/** Years the seeded Okta org had existed at the seed date. */
const ORG_AGE_DAYS = 6 * 365;

/**
 * The deterministic history of the seeded org: when the org, its groups,
 * apps and people were created, and when each membership and assignment
 * was made. Everything is derived from names and the seed date, never
 * from the clock.
 */
export class SeedHistory {
  readonly seedMs: number;

  constructor(seedDate: string | number = DEFAULT_SEED_DATE) {
    this.seedMs =
      typeof seedDate === 'number' ? seedDate : Date.parse(seedDate);
    if (!Number.isFinite(this.seedMs)) {
      throw new Error(`Invalid seed date '${seedDate}'`);
    }
  }

  /** `days` before the seed date (plus `extraMs`), as ISO 8601. */
  daysBefore(days: number, extraMs = 0): string {
    return new Date(this.seedMs - days * DAY + extraMs).toISOString();
  }

  /** When the org (and its Everyone group) was created. */
  get orgCreated(): string {
    return this.daysBefore(ORG_AGE_DAYS);
  }

  /** When a team group was created: in the org's first month. */
  teamCreated(team: string): string {
    return this.daysBefore(ORG_AGE_DAYS - 1 - (hash32(`team:${team}`) % 30));
  }

  /** When an app was added to Okta (with its tier groups): 400 days to 5 years before the seed date. */
  appCreated(appKey: string): string {
    return this.daysBefore(
      400 + (hash32(`app:${appKey}`) % (5 * 365 - 400)),
      HOUR,
    );
  }

  /**
   * When a catalog person's Okta account was created: the recent hires
   * shortly before the seed date, the CEO with the org, managers 3 to 5
   * years before, everyone else 75 days to 4 years before.
   */
  personCreated(person: {
    name: string;
    manager?: string;
    managesOthers: boolean;
  }): string {
    const h = hash32(`hired:${person.name}`);
    const recent = RECENT_HIRES[person.name];
    let days: number;
    if (recent !== undefined) days = recent;
    else if (!person.manager) days = ORG_AGE_DAYS - 2;
    else if (person.managesOthers) days = 3 * 365 + (h % (2 * 365));
    else days = 75 + (h % (4 * 365 - 75));
    // Accounts are created during office hours.
    return this.daysBefore(days, (h % 8) * HOUR);
  }

  /**
   * When someone got a group or direct app assignment: most on their
   * first days (or when the app arrived, if later), the others on a later
   * day up to the seed date, so some assignments are recent.
   */
  assignedAt(key: string, userId: string, notBefore: string): string {
    const start = Date.parse(notBefore);
    const h = hash32(`assigned:${key}:${userId}`);
    let at: number;
    if (h % 100 < 65) {
      at = start + (h % 3) * DAY + 3 * HOUR;
    } else {
      const span = Math.max(0, this.seedMs - HOUR - start);
      at = start + Math.floor(((h >>> 8) / 0xffffff) * span);
    }
    return new Date(Math.min(at, this.seedMs - HOUR)).toISOString();
  }
}
