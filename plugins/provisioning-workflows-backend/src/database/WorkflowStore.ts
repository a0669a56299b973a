import { JobStore } from '@internal/durable-jobs';
import { Knex } from 'knex';
import {
  completeAction,
  getAction,
  listActions,
  transitionAction,
} from './operations/actions/actions';
import {
  actionTotals,
  currentTierOf,
  entityRefOf,
  lastSignIn,
  oktaUserIdOf,
  openSuggestions,
  resultsSeries,
} from './operations/actions/results';
import { Bound, bindOperations } from './operations/bind';
import { WorkflowDbContext } from './operations/context';
import { addEvents, listEvents } from './operations/events/events';
import {
  addExemptions,
  getExemption,
  listExemptions,
  removeExemption,
} from './operations/exemptions/exemptions';
import {
  previewCounts,
  previewMatches,
  sumsActivityPerPerson,
  tiersOf,
} from './operations/preview/preview';
import { activityStart, backtestMatches } from './operations/preview/backtest';
import {
  createRun,
  failRun,
  finishIdleRuns,
  getRun,
  getRunHeader,
  listRuns,
  planRun,
  runsPastDeadline,
  startExecuting,
} from './operations/runs/runs';
import {
  dueWorkflows,
  getWorkflow,
  listWorkflows,
  saveWorkflow,
  setNextRun,
} from './operations/workflows/workflows';
import { regretByRule } from './operations/restores/regret';
import {
  actionHadEvent,
  createRestore,
  finishRestore,
  getRestore,
  listRestores,
  restoreOfAction,
} from './operations/restores/restores';
import { NewAuditEvent } from './types';

const operations = {
  addEvents,
  listEvents,
  getWorkflow,
  listWorkflows,
  saveWorkflow,
  dueWorkflows,
  setNextRun,
  listExemptions,
  addExemptions,
  getExemption,
  removeExemption,
  tiersOf,
  sumsActivityPerPerson,
  previewMatches,
  previewCounts,
  backtestMatches,
  activityStart,
  getRunHeader,
  getRun,
  listRuns,
  createRun,
  planRun,
  failRun,
  runsPastDeadline,
  startExecuting,
  finishIdleRuns,
  getAction,
  listActions,
  transitionAction,
  completeAction,
  actionTotals,
  resultsSeries,
  openSuggestions,
  lastSignIn,
  currentTierOf,
  oktaUserIdOf,
  entityRefOf,
  createRestore,
  getRestore,
  restoreOfAction,
  listRestores,
  finishRestore,
  actionHadEvent,
  regretByRule,
};

/**
 * Workflows, exempt lists, runs, actions and audit events: the operations
 * of `operations/<area>/` on one database. Every change writes its audit
 * event, and the jobs it queues, in its own transaction.
 */
export type WorkflowStore = Bound<WorkflowDbContext, typeof operations>;

export function createWorkflowStore(options: {
  knex: Knex;
  jobs?: JobStore;
  /** Told of audit events once they are committed (the plugin audits them). */
  onEvents?: (events: NewAuditEvent[]) => void;
}): WorkflowStore {
  return bindOperations<WorkflowDbContext, typeof operations>(
    options,
    operations,
  );
}
