import { RunKind, RunStatus } from './types';
import { WorkflowRunStatus } from './workflows';

/**
 * The signals channel of workflow runs: a {@link WorkflowRunSignal} each
 * time a run is started, planned, acted on or finished.
 *
 * @public
 */
export const WORKFLOW_RUNS_SIGNAL_CHANNEL = 'provisioning-workflows:runs';

/**
 * The signals channel of the inventory sync and activity ingest runs: a
 * {@link SyncRunSignal} when one starts and when it ends.
 *
 * @public
 */
export const SYNC_RUNS_SIGNAL_CHANNEL = 'provisioning-workflows:sync';

/**
 * Where a workflow run stands. Ids and counts only: a page that shows the
 * run reads it again through the permission-checked API.
 *
 * @public
 */
export type WorkflowRunSignal = {
  type: 'workflow-run';
  runId: string;
  instanceId: string;
  status: WorkflowRunStatus;
  total: number;
  finished: number;
  /** Actions per status. */
  counts: Record<string, number>;
};

/**
 * An inventory sync or activity ingest that started or ended. Ids and
 * counts only, as {@link WorkflowRunSignal}.
 *
 * @public
 */
export type SyncRunSignal = {
  type: 'sync-run';
  runId: string;
  kind: RunKind;
  status: RunStatus;
  /** Counters of a finished run, e.g. `{ changed: 3 }`. */
  stats: Record<string, number>;
};
