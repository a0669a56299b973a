import { SystemLog } from './systemLog';

export type UsageRow = {
  userId: string;
  appId: string;
  lastSignIn: string;
  total: number;
  /** Sign-ins per UTC day, `YYYY-MM-DD` → count. */
  days: Record<string, number>;
};

/**
 * The ground truth of SSO usage: per user and app instance, the sign-ins per
 * UTC day and the last sign-in, from every event visible at `now`.
 */
export function usageFromLog(
  log: SystemLog,
  options: { now: number; since?: number; until?: number },
): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const e of log.all(options.now)) {
    if (options.since !== undefined && e.published < options.since) continue;
    if (options.until !== undefined && e.published >= options.until) continue;
    const key = `${e.userId}|${e.appId}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        userId: e.userId,
        appId: e.appId,
        lastSignIn: '',
        total: 0,
        days: {},
      };
      rows.set(key, row);
    }
    const iso = new Date(e.published).toISOString();
    const day = iso.slice(0, 10);
    row.days[day] = (row.days[day] ?? 0) + 1;
    row.total++;
    if (iso > row.lastSignIn) row.lastSignIn = iso;
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.userId.localeCompare(b.userId) || a.appId.localeCompare(b.appId),
  );
}
