import { PRODUCTIV_HOME_SIGNALS_CHANNEL } from '@internal/plugin-productiv-home-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect } from 'react';
import useInterval from 'react-use/esm/useInterval';

/**
 * Calls `refresh` when a request the user is involved in changes: at once
 * through signals, and every `pollMs` as a fallback when signals are down.
 */
export function useRequestUpdates(refresh: () => void, pollMs = 10_000) {
  const { lastSignal } = useSignal(PRODUCTIV_HOME_SIGNALS_CHANNEL);
  useEffect(() => {
    if (lastSignal) refresh();
  }, [lastSignal, refresh]);
  useInterval(refresh, pollMs);
}
