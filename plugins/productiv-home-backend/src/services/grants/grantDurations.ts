import { InputError } from '@backstage/errors';
import { durationOf, HomeApp } from '@internal/plugin-productiv-home-common';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * The days of access a request gets: what it asked for, within the
 * maximum of the app (or tier); the default when it asked for none; and
 * when the app has a maximum but no default, the maximum (no permanent
 * access then). Above the maximum is a 400 naming `accessDays`.
 */
export function resolveAccessDays(
  app: Pick<HomeApp, 'name' | 'duration'>,
  tier: string,
  asked: number | undefined,
): number | undefined {
  const { defaultDays, maxDays } = durationOf(app, tier);
  if (asked !== undefined) {
    if (maxDays !== undefined && asked > maxDays) {
      throw new InputError(
        `accessDays: at most ${days(maxDays)} of access to ${
          app.name
        } can be asked for; choose ${days(maxDays)} or fewer`,
      );
    }
    return asked;
  }
  if (defaultDays !== undefined) {
    return maxDays !== undefined ? Math.min(defaultDays, maxDays) : defaultDays;
  }
  return maxDays;
}

/** Days an extension adds: at most the app's (or tier's) maximum. */
export function checkExtensionDays(
  app: Pick<HomeApp, 'name' | 'duration'>,
  tier: string,
  asked: number,
): number {
  const { maxDays } = durationOf(app, tier);
  if (maxDays !== undefined && asked > maxDays) {
    throw new InputError(
      `accessDays: an extension of ${app.name} adds at most ${days(
        maxDays,
      )}; choose ${days(maxDays)} or fewer`,
    );
  }
  return asked;
}
