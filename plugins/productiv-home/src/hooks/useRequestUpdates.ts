import { PRODUCTIV_HOME_SIGNALS_CHANNEL } from '@internal/plugin-productiv-home-common';
import { useLiveRefresh } from './useLiveRefresh';

/**
 * Calls `refresh` when a request the user is involved in changes: at once
 * through signals, and every `pollMs` only when the portal has no signals.
 */
export function useRequestUpdates(refresh: () => unknown, pollMs = 10_000) {
  useLiveRefresh(PRODUCTIV_HOME_SIGNALS_CHANNEL, refresh, {
    fallbackMs: pollMs,
  });
}
