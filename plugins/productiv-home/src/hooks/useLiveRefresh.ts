import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/** A signal's message: any JSON object (as `useSignal` types it). */
type JsonObject = NonNullable<ReturnType<typeof useSignal>['lastSignal']>;

export type LiveRefreshOptions<TMessage extends JsonObject> = {
  /** How often to refresh when the portal has no signals; after each answer. */
  fallbackMs: number;
  /** Whether anything is changing now; polling (without signals) only then. Default true. */
  poll?: boolean;
  /** Which signals of the channel are about what the page shows; all by default. */
  matches?: (message: TMessage) => boolean;
  /**
   * With signals, one refresh this long after `poll` turns on: what changed
   * before the page's subscription reached the backend is not missed. Not
   * repeated.
   */
  catchUpMs?: number;
};

/**
 * Keeps a page current: `refresh` is called on each signal of `channel`
 * (the signal says what changed; the page reads the details again through
 * the API). Only when the portal has no signals (`useSignal` reports
 * `isSignalsAvailable: false`) does it poll instead, every `fallbackMs`
 * after the last answer while `poll` is on, so a slow backend never gets
 * overlapping asks; a refresh that answers `false` ends the polling (what it
 * follows ended) until `poll` turns on again. Returns whether the page is
 * kept current by signals.
 */
export function useLiveRefresh<TMessage extends JsonObject = JsonObject>(
  channel: string,
  refresh: () => unknown,
  options: LiveRefreshOptions<TMessage>,
): { live: boolean } {
  const { fallbackMs, poll = true, catchUpMs } = options;
  const { lastSignal, isSignalsAvailable } = useSignal<TMessage>(channel);
  // The latest callbacks, without subscribing again or restarting timers.
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const matchesRef = useRef(options.matches);
  matchesRef.current = options.matches;

  useEffect(() => {
    if (!lastSignal) return;
    if (matchesRef.current && !matchesRef.current(lastSignal)) return;
    refreshRef.current();
  }, [lastSignal]);

  useEffect(() => {
    if (!poll) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (isSignalsAvailable) {
      if (catchUpMs !== undefined) {
        timer = setTimeout(() => refreshRef.current(), catchUpMs);
      }
    } else {
      const tick = async () => {
        let again: unknown = true;
        try {
          again = await refreshRef.current();
        } catch {
          // The page shows its own errors; the next ask may succeed.
        }
        // `false` from refresh: nothing changes any more (a run that ended).
        if (!stopped && again !== false) timer = setTimeout(tick, fallbackMs);
      };
      timer = setTimeout(tick, fallbackMs);
    }
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poll, isSignalsAvailable, fallbackMs, catchUpMs]);

  return { live: isSignalsAvailable };
}
