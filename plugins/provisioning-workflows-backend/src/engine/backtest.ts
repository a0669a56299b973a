import {
  BacktestEntry,
  WorkflowBacktest,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { DAY_MS } from '../database/util';
import { WorkflowStore } from '../database/WorkflowStore';
import { EvaluatedEntry, evaluateWorkflow, toPreviewEntry } from './preview';

/**
 * What a workflow would have done at the end of a past day (UTC): the
 * preview's rules over the assignments held then (their intervals) and
 * the activity up to that day, with, for each person it would have
 * changed, whether they signed in to the app again afterwards (a
 * would-be regret), and the monthly saving from today's tier prices.
 */
export async function backtestWorkflow(
  store: WorkflowStore,
  instanceId: string,
  definition: WorkflowDefinition,
  asOfDay: string,
  options: { limit: number; nowMs: number; historyStart: string },
): Promise<WorkflowBacktest> {
  const endMs = Date.parse(`${asOfDay}T00:00:00.000Z`) + DAY_MS - 1;
  const { entries, assigned, exempt } = await evaluateWorkflow(
    store,
    instanceId,
    definition,
    endMs,
    { asOfDay },
  );
  return {
    instanceId,
    asOf: asOfDay,
    computedAt: new Date(options.nowMs).toISOString(),
    historyStart: options.historyStart,
    assignedUsers: assigned,
    exemptUsers: exempt,
    total: entries.length,
    monthlySaving:
      Math.round(entries.reduce((s, e) => s + e.monthlySaving, 0) * 100) / 100,
    wouldBeRegrets: entries.filter(e => e.signedInAgainOn).length,
    entries: entries.slice(0, options.limit).map(toBacktestEntry),
  };
}

function toBacktestEntry(e: EvaluatedEntry): BacktestEntry {
  const { lastSignIn: _last, ...rest } = toPreviewEntry(e);
  return {
    ...rest,
    lastSignInDay: e.lastSignInDay,
    signedInAgainOn: e.signedInAgainOn,
  };
}
