/**
 * The kinds of background run the plugin records.
 *
 * @public
 */
export type RunKind = 'inventory-sync' | 'activity-ingest' | 'workflow';

/**
 * @public
 */
export const RUN_KINDS: RunKind[] = [
  'inventory-sync',
  'activity-ingest',
  'workflow',
];

/**
 * @public
 */
export type RunStatus = 'running' | 'succeeded' | 'failed';

/**
 * One run of a background job: when it ran, what it read and changed, and
 * the error when it failed.
 *
 * @public
 */
export type Run = {
  id: string;
  kind: RunKind;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  /** Counters, e.g. `{ read: 1200, changed: 3 }`. */
  stats: Record<string, number>;
  error?: string;
};
