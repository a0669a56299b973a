import {
  WorkflowActionStatus,
  WorkflowRunStatus,
  WorkflowStatus,
} from '@internal/plugin-provisioning-workflows-common';
import Chip from '@material-ui/core/Chip';

const WORKFLOW: Record<
  WorkflowStatus,
  { label: string; color: 'default' | 'primary' | 'secondary' }
> = {
  'needs-setup': { label: 'Needs setup', color: 'default' },
  active: { label: 'Active', color: 'primary' },
  paused: { label: 'Paused', color: 'secondary' },
};

/** Needs setup / Active / Paused. */
export const WorkflowStatusChip = (props: { status: WorkflowStatus }) => {
  const { label, color } = WORKFLOW[props.status];
  return (
    <Chip
      size="small"
      label={label}
      color={color}
      variant={props.status === 'needs-setup' ? 'outlined' : 'default'}
      data-testid="workflow-status"
    />
  );
};

const RUN: Record<WorkflowRunStatus, string> = {
  planning: 'Planning',
  waiting: 'Waiting for the deadline',
  executing: 'Executing',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

const RUN_COLOR: Partial<Record<WorkflowRunStatus, 'primary' | 'secondary'>> = {
  succeeded: 'primary',
  failed: 'secondary',
};

export const runStatusLabel = (status: WorkflowRunStatus) => RUN[status];

/** Whether a run still changes (and so is worth following). */
export const runInProgress = (status: WorkflowRunStatus) =>
  status === 'planning' || status === 'waiting' || status === 'executing';

export const RunStatusChip = (props: { status: WorkflowRunStatus }) => (
  <Chip
    size="small"
    label={RUN[props.status]}
    color={RUN_COLOR[props.status] ?? 'default'}
    variant={runInProgress(props.status) ? 'outlined' : 'default'}
  />
);

const ACTION: Record<WorkflowActionStatus, string> = {
  'dry-run': 'Dry run',
  notified: 'Warned',
  queued: 'Queued',
  done: 'Done',
  failed: 'Failed',
  'opted-out': 'Kept (opted out)',
  skipped: 'Skipped',
  suggested: 'Suggested',
  dismissed: 'Dismissed',
};

export const actionStatusLabel = (status: WorkflowActionStatus) =>
  ACTION[status] ?? status;
