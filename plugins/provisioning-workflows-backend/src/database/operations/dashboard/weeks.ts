import { DAY_MS, dayOf } from '../../util';

export const WEEK_MS = 7 * DAY_MS;

/**
 * The dashboard's periods: `weeks` whole weeks of UTC days, the last one
 * ending with the day of `nowMs`. Week i is [startMs + i·7d, startMs + (i+1)·7d).
 */
export function weekPeriods(
  nowMs: number,
  weeks: number,
): {
  startMs: number;
  endMs: number;
  periods: Array<{ from: string; to: string }>;
} {
  const endMs = Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
  const startMs = endMs - weeks * WEEK_MS;
  const periods = Array.from({ length: weeks }, (_, i) => ({
    from: dayOf(startMs + i * WEEK_MS),
    to: dayOf(startMs + (i + 1) * WEEK_MS - 1),
  }));
  return { startMs, endMs, periods };
}
