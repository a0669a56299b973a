import {
  DEFAULT_ESCALATION,
  DEFAULT_EXPIRY,
  EscalationSettings,
  ExpirySettings,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';

export const DAY_MS = 24 * 3600 * 1000;

/** The escalation that applies to an app's requests: its own, else the settings'. */
export function escalationOf(
  app: Pick<HomeApp, 'escalation'> | undefined,
  settings: HomeSettings,
): EscalationSettings {
  return app?.escalation ?? settings.escalation ?? DEFAULT_ESCALATION;
}

/** The expiry that applies to an app's requests: its own, else the settings'. */
export function expiryOf(
  app: Pick<HomeApp, 'expiry'> | undefined,
  settings: HomeSettings,
): ExpirySettings {
  return app?.expiry ?? settings.expiry ?? DEFAULT_EXPIRY;
}

/**
 * The shortest of the settings' and the apps' limits (days): rows younger
 * than it need not be read.
 */
export function shortestDays(
  apps: Array<Pick<HomeApp, 'escalation' | 'expiry'>>,
  settings: HomeSettings,
  rule: 'escalation' | 'expiry',
): number {
  const of = rule === 'escalation' ? escalationOf : expiryOf;
  return Math.min(
    of(undefined, settings).afterDays,
    ...apps.map(app => of(app, settings).afterDays),
  );
}

/** "3 days", "1 day", "12 hours", "30 minutes", "2 seconds". */
export function daysText(days: number): string {
  const units: Array<[string, number]> = [
    ['day', 1],
    ['hour', 1 / 24],
    ['minute', 1 / 1440],
    ['second', 1 / 86400],
  ];
  const [unit, size] = units.find(([, s]) => days >= s) ?? units[3];
  const n = Math.round((days / size) * 10) / 10;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
