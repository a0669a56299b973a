import { LoggerService } from '@backstage/backend-plugin-api';
import { JobStore, NewJob } from '@internal/durable-jobs';
import { AppInstance } from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../database/InventoryStore';
import { WorkflowStore } from '../database/WorkflowStore';
import { RunProgress } from './RunSignals';

/** The durable job types of workflows. */
export const JOB_TYPES = {
  plan: 'workflow-plan',
  act: 'workflow-act',
  warn: 'workflow-warn',
  remindRun: 'workflow-remind-run',
  remind: 'workflow-remind',
  runFinished: 'workflow-run-finished',
} as const;

/** Plans a run: its actions, and their jobs. */
export const planJob = (runId: string): NewJob => ({
  type: JOB_TYPES.plan,
  key: `plan:${runId}`,
  payload: { runId },
  maxAttempts: 5,
});

/** Carries out one action in the system of record. */
export const actJob = (actionId: string): NewJob => ({
  type: JOB_TYPES.act,
  key: `act:${actionId}`,
  payload: { actionId },
  maxAttempts: 10,
});

/**
 * Tries of a warning or reminder: it has days until the deadline, and a
 * channel call can fail in several steps (find the person, open the DM,
 * post); with the backoff up to 10 minutes, 40 to 80 minutes of trying.
 */
const WARNING_ATTEMPTS = 16;

/** Warns the person of an upcoming action. */
export const warnJob = (actionId: string): NewJob => ({
  type: JOB_TYPES.warn,
  key: `warn:${actionId}`,
  payload: { actionId },
  maxAttempts: WARNING_ATTEMPTS,
});

/** Starts the reminders of a run's warnings: once per run, ever. */
export const remindRunJob = (runId: string): NewJob => ({
  type: JOB_TYPES.remindRun,
  key: `remind-run:${runId}`,
  payload: { runId },
});

/** Reminds one person who has not answered a warning: once per action, ever. */
export const remindJob = (actionId: string): NewJob => ({
  type: JOB_TYPES.remind,
  key: `remind:${actionId}`,
  payload: { actionId },
  maxAttempts: WARNING_ATTEMPTS,
});

/** Tells the Productiv admins that a run finished: once per run, ever. */
export const runFinishedJob = (runId: string): NewJob => ({
  type: JOB_TYPES.runFinished,
  key: `run-finished:${runId}`,
  payload: { runId },
});

/** What the engine's units share. */
export type EngineDeps = {
  store: WorkflowStore;
  inventory: InventoryStore;
  logger: LoggerService;
  /** The durable jobs, for work that is queued outside a store change (reminders, run notices). */
  jobs?: JobStore;
  /** Called after runs or jobs are queued, to start work at once. */
  onWork?: () => void;
  /** Told when a run's status or action counts change (signals to the pages). */
  progress?: RunProgress;
  now?: () => number;
};

/** Instance lookups of background work, kept 30 s: a run's thousands of actions share one. */
export class InstanceCache {
  private readonly cache = new Map<
    string,
    { at: number; instance: Promise<AppInstance | undefined> }
  >();

  constructor(private readonly inventory: InventoryStore) {}

  get(id: string): Promise<AppInstance | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < 30_000) return hit.instance;
    const instance = this.inventory.getInstance(id);
    this.cache.set(id, { at: Date.now(), instance });
    return instance;
  }
}
