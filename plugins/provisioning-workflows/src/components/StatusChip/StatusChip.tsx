import {
  WorkflowActionStatus,
  WorkflowRunStatus,
  WorkflowStatus,
} from '@internal/plugin-provisioning-workflows-common';
import Chip from '@material-ui/core/Chip';
import {
  ACTION_STATUS_LABELS,
  labelOf,
  RUN_STATUS_LABELS,
  WORKFLOW_STATUS_LABELS,
} from '../../util/labels';

const WORKFLOW_COLOR: Record<
  WorkflowStatus,
  'default' | 'primary' | 'secondary'
> = {
  'needs-setup': 'default',
  active: 'primary',
  paused: 'secondary',
};

/** Needs setup / Active / Paused. */
export const WorkflowStatusChip = (props: { status: WorkflowStatus }) => (
  <Chip
    size="small"
    label={WORKFLOW_STATUS_LABELS[props.status]}
    color={WORKFLOW_COLOR[props.status]}
    variant={props.status === 'needs-setup' ? 'outlined' : 'default'}
    data-testid="workflow-status"
  />
);

const RUN_COLOR: Partial<Record<WorkflowRunStatus, 'primary' | 'secondary'>> = {
  succeeded: 'primary',
  failed: 'secondary',
};

export const runStatusLabel = (status: WorkflowRunStatus) =>
  labelOf(RUN_STATUS_LABELS, status);

/** Whether a run still changes (and so is worth following). */
export const runInProgress = (status: WorkflowRunStatus) =>
  status === 'planning' || status === 'waiting' || status === 'executing';

export const RunStatusChip = (props: { status: WorkflowRunStatus }) => (
  <Chip
    size="small"
    label={runStatusLabel(props.status)}
    color={RUN_COLOR[props.status] ?? 'default'}
    variant={runInProgress(props.status) ? 'outlined' : 'default'}
  />
);

export const actionStatusLabel = (status: WorkflowActionStatus) =>
  labelOf(ACTION_STATUS_LABELS, status);
