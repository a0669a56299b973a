import {
  LicenseWarning,
  WorkflowAction,
  WorkflowActionStatus,
  WorkflowResults,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import { Creds } from '../common';

export type ActionsQuery = {
  runId?: string;
  instanceId?: string;
  statuses?: WorkflowActionStatus[];
  limit: number;
  offset: number;
};

/** Runs and what they do: start, progress, actions, suggestions, warnings, results. */
export interface RunsService {
  startRun(
    instanceId: string,
    options: { dryRun: boolean },
    creds: Creds,
  ): Promise<WorkflowRun>;
  getRun(runId: string, options: Creds): Promise<WorkflowRun>;
  listRuns(
    instanceId: string,
    options: Creds & { limit: number },
  ): Promise<WorkflowRun[]>;
  listActions(
    filter: ActionsQuery,
    options: Creds,
  ): Promise<{ items: WorkflowAction[]; total: number }>;
  decideSuggestions(
    ids: string[],
    decision: 'accept' | 'dismiss',
    options: Creds,
  ): Promise<{ changed: string[]; unchanged: string[] }>;
  /** The warnings of the caller: changes they may still opt out of, and how the others ended. */
  myWarnings(options: Creds): Promise<LicenseWarning[]>;
  /** The warned person keeps their license; allowed until the deadline. */
  optOut(actionId: string, options: Creds): Promise<WorkflowAction>;
  results(instanceId: string, options: Creds): Promise<WorkflowResults>;
}
