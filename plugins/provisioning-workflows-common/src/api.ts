import { AppInstance } from './inventory';
import {
  Workflow,
  WorkflowAction,
  WorkflowActionStatus,
  WorkflowDefinition,
  WorkflowPreview,
  WorkflowStatus,
} from './workflows';

// What the backend's routes answer, declared once for the backend and the
// frontend client.

/**
 * Every status of a workflow action, in the order a run moves through them.
 *
 * @public
 */
export const WORKFLOW_ACTION_STATUSES: readonly WorkflowActionStatus[] = [
  'dry-run',
  'notified',
  'queued',
  'waiting-on-it',
  'done',
  'failed',
  'opted-out',
  'skipped',
  'suggested',
  'dismissed',
];

/**
 * A recommended workflow, built for one instance (its tier names filled in).
 *
 * @public
 */
export type InstanceWorkflowTemplate = {
  id: string;
  title: string;
  description: string;
  definition: WorkflowDefinition;
};

/**
 * An instance with its workflow, as the set-up page needs it.
 *
 * @public
 */
export type InstanceWorkflowDetail = {
  instance: AppInstance;
  workflow?: Workflow;
  status: WorkflowStatus;
  templates: InstanceWorkflowTemplate[];
};

/**
 * A preview, with how many people match in all (`entries` may be cut at `limit`).
 *
 * @public
 */
export type WorkflowPreviewResult = WorkflowPreview & { total: number };

/**
 * A warning of an upcoming change to the caller's license.
 *
 * @public
 */
export type LicenseWarning = WorkflowAction & {
  instanceLabel: string;
  allowOptOut: boolean;
};
