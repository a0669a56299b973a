import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Backoff } from '@internal/durable-jobs';

const KEY = 'productivHome.jobs.retry';

/**
 * `productivHome.jobs.retry` as the job runner's backoff: the first retry
 * after `firstDelaySeconds`, each next one twice as long, at most
 * `maxDelaySeconds`. A key left out keeps the durable jobs' default (2 s,
 * 10 min). Nonsense (a delay of zero or less, a first delay longer than
 * the longest) stops the plugin with what to fix, rather than retrying in
 * a tight loop.
 */
export function jobBackoff(config: RootConfigService): Partial<Backoff> {
  const first = config.getOptionalNumber(`${KEY}.firstDelaySeconds`);
  const max = config.getOptionalNumber(`${KEY}.maxDelaySeconds`);
  for (const [name, value] of [
    ['firstDelaySeconds', first],
    ['maxDelaySeconds', max],
  ] as const) {
    if (value !== undefined && !(value > 0)) {
      throw new InputError(
        `${KEY}.${name} must be more than 0 seconds, got ${value}`,
      );
    }
  }
  if (first !== undefined && max !== undefined && first > max) {
    throw new InputError(
      `${KEY}.firstDelaySeconds (${first}) must not be longer than maxDelaySeconds (${max})`,
    );
  }
  return {
    ...(first !== undefined ? { baseMs: first * 1000 } : {}),
    ...(max !== undefined ? { maxMs: max * 1000 } : {}),
  };
}
