import { ConflictError, InputError } from '@backstage/errors';
import { InventoryStore } from '../../database/InventoryStore';
import { DAY_MS, dayOf } from '../../database/util';
import { WorkflowStore } from '../../database/WorkflowStore';
import { backtestWorkflow } from '../../engine/backtest';
import { requireInstance } from '../common';
import { validateDefinition } from '../workflows/DefaultWorkflowsService';
import { BacktestService } from './types';

/**
 * The backtest use case: the day from `asOf` or `daysAgo`, refused (400,
 * naming the field) when it is today or later or before the first day of
 * activity kept for the instance; the definition checked as a save checks
 * it; then the preview's rules over that day's assignments and activity.
 */
export class DefaultBacktestService implements BacktestService {
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      store: WorkflowStore;
      inventory: InventoryStore;
      now?: () => number;
    },
  ) {
    this.now = deps.now ?? Date.now;
  }

  async backtest(
    instanceId: string,
    request: Parameters<BacktestService['backtest']>[1],
    options: Parameters<BacktestService['backtest']>[2],
  ) {
    const instance = await requireInstance(this.deps.inventory, instanceId);
    const now = this.now();
    const today = dayOf(now);
    let asOfDay: string;
    let field: 'asOf' | 'daysAgo';
    if (request.asOf !== undefined && request.daysAgo !== undefined) {
      throw new InputError('asOf: give a day or daysAgo, not both');
    } else if (request.asOf !== undefined) {
      field = 'asOf';
      asOfDay = request.asOf;
    } else if (request.daysAgo !== undefined) {
      field = 'daysAgo';
      asOfDay = dayOf(now - request.daysAgo * DAY_MS);
    } else {
      throw new InputError(
        'asOf: give the day to backtest (YYYY-MM-DD) or daysAgo (30, 60 or 90)',
      );
    }
    if (asOfDay >= today) {
      throw new InputError(
        `${field}: ${asOfDay} is not in the past; pick a day before ${today}`,
      );
    }
    const historyStart = await this.deps.store.activityStart(instanceId);
    if (!historyStart) {
      throw new InputError(
        `${field}: no sign-in activity is kept for ${instance.label} yet; run the activity ingest first`,
      );
    }
    if (asOfDay < historyStart) {
      throw new InputError(
        `${field}: ${asOfDay} is before the kept history of ${instance.label}, which starts on ${historyStart}; pick a later day`,
      );
    }
    const def =
      request.definition ?? (await this.deps.store.getWorkflow(instanceId));
    if (!def) {
      throw new ConflictError(
        `${instance.label} has no workflow yet; pass one to backtest`,
      );
    }
    validateDefinition(def, instance, now);
    return backtestWorkflow(this.deps.store, instanceId, def, asOfDay, {
      limit: options.limit,
      nowMs: now,
      historyStart,
    });
  }
}
