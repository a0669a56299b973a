import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  WORKFLOW_RUNS_SIGNAL_CHANNEL,
  WorkflowActionStatus,
  WorkflowRun,
  WorkflowRunSignal,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import {
  actionStatusLabel,
  runInProgress,
  RunStatusChip,
} from '../StatusChip/StatusChip';
import { absoluteTime, Timestamp } from '../Timestamp/Timestamp';

/** How often a run is asked for when the portal has no signals. */
export const POLL_MS = 2000;
/** With signals: one ask this long after the page follows a run, for what changed before it subscribed. */
const CATCH_UP_MS = 2000;

/** Counts per action status, e.g. "Done: 3". */
export const ActionCounts = (props: {
  counts: Partial<Record<WorkflowActionStatus, number>>;
}) => {
  const entries = Object.entries(props.counts).filter(([, n]) => n);
  if (!entries.length) {
    return <Typography variant="body2">No actions</Typography>;
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {entries.map(([status, n]) => (
        <Chip
          key={status}
          size="small"
          variant="outlined"
          label={`${actionStatusLabel(status as WorkflowActionStatus)}: ${n}`}
        />
      ))}
    </Box>
  );
};

/**
 * A run followed live while it plans, waits for its deadline or executes:
 * read again on each signal about it (provisioning-workflows:runs), or,
 * when the portal has no signals, 2 s after each answer. Shows
 * finished/total and the counts per status.
 */
export const RunProgress = (props: {
  run: WorkflowRun;
  /** Called once when the run reaches a final status. */
  onFinished?: (run: WorkflowRun) => void;
  /** How often to ask for the run while it changes, without signals; 2 s. */
  pollMs?: number;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const [run, setRun] = useState(props.run);
  const [error, setError] = useState<Error>();
  const reported = useRef(false);
  const live = runInProgress(run.status);

  useEffect(() => {
    setRun(props.run);
    reported.current = false;
  }, [props.run]);

  // Only the latest ask is shown: answers that come back out of order
  // (signals close together) never move the progress backwards.
  const runId = run.id;
  const asked = useRef(0);
  const refresh = useCallback(async () => {
    const n = ++asked.current;
    try {
      const next = await api.getWorkflowRun(runId);
      if (n !== asked.current) return true;
      setRun(next);
      setError(undefined);
      return runInProgress(next.status);
    } catch (e) {
      if (n === asked.current) setError(e as Error);
      return true;
    }
  }, [api, runId]);
  useLiveRefresh<WorkflowRunSignal>(WORKFLOW_RUNS_SIGNAL_CHANNEL, refresh, {
    fallbackMs: props.pollMs ?? POLL_MS,
    poll: live,
    matches: signal => signal.runId === runId,
    catchUpMs: CATCH_UP_MS,
  });

  useEffect(() => {
    if (!live && !reported.current) {
      reported.current = true;
      props.onFinished?.(run);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live, run]);

  let percent = live ? 0 : 100;
  if (run.total) percent = (100 * run.finished) / run.total;
  return (
    <InfoCard
      title={`${run.dryRun ? 'Dry run' : 'Run'} started ${absoluteTime(
        new Date(run.startedAt),
      )}`}
    >
      <div data-testid="run-progress">
        <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
          <RunStatusChip status={run.status} />
          <Typography variant="body2" data-testid="run-progress-count">
            {run.finished}/{run.total} finished
          </Typography>
          {run.deadline && run.status === 'waiting' && (
            <Typography variant="body2">
              Warned people have until <Timestamp value={run.deadline} />; the
              changes are made then.
            </Typography>
          )}
        </Box>
        <LinearProgress
          variant={run.status === 'planning' ? 'indeterminate' : 'determinate'}
          value={percent}
          aria-label="Run progress"
        />
        <Box mt={1}>
          <ActionCounts counts={run.counts} />
        </Box>
        {run.error && (
          <Typography variant="body2" color="error">
            {run.error}
          </Typography>
        )}
        {error && <ResponseErrorPanel error={error} />}
      </div>
    </InfoCard>
  );
};
