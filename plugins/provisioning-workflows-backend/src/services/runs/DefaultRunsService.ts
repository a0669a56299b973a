import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  LicenseWarning,
  WorkflowResults,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../../database/InventoryStore';
import { WorkflowStore } from '../../database/WorkflowStore';
import { actJob } from '../../engine/EngineContext';
import { RunPlanner } from '../../engine/RunPlanner';
import { RunProgress } from '../../engine/RunSignals';
import { WarningKeeper } from '../../engine/WarningKeeper';
import {
  actorOf,
  Creds,
  publicAction,
  publicRun,
  requireInstance,
} from '../common';
import { ActionsQuery, RunsService } from './types';

/**
 * Runs as people start and follow them, without authorization (see
 * AuthorizedRunsService): run once, progress, actions, suggestions,
 * warnings and opt-outs, results.
 */
export class DefaultRunsService implements RunsService {
  constructor(
    private readonly deps: {
      store: WorkflowStore;
      inventory: InventoryStore;
      planner: RunPlanner;
      /** Called after jobs are queued, to start work at once. */
      onWork?: () => void;
      /** Told when a run's counts change (accepted suggestions, opt-outs). */
      progress?: RunProgress;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async startRun(
    instanceId: string,
    options: { dryRun: boolean },
    { credentials }: Creds,
  ): Promise<WorkflowRun> {
    const { store, inventory, planner } = this.deps;
    const instance = await requireInstance(inventory, instanceId);
    const workflow = await store.getWorkflow(instanceId);
    if (!workflow) {
      throw new ConflictError(
        `${instance.label} has no workflow yet; set one up first`,
      );
    }
    // One real run at a time per instance; dry runs change nothing and may overlap.
    const running = (
      await store.listRuns({
        instanceId,
        statuses: ['planning', 'executing'],
        limit: 20,
      })
    ).filter(r => !r.dryRun);
    if (running.length && !options.dryRun) {
      throw new ConflictError(
        `A run of ${instance.label}'s workflow is in progress (${running[0].id}); wait for it to finish`,
      );
    }
    const id = await planner.start(instance, workflow, {
      trigger: 'manual',
      dryRun: options.dryRun,
      actor: actorOf(credentials),
    });
    return publicRun((await store.getRun(id!))!);
  }

  async getRun(runId: string): Promise<WorkflowRun> {
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new NotFoundError(`No workflow run ${runId}`);
    return publicRun(run);
  }

  async listRuns(instanceId: string, options: { limit: number }) {
    return (
      await this.deps.store.listRuns({ instanceId, limit: options.limit })
    ).map(publicRun);
  }

  async listActions(filter: ActionsQuery) {
    let instanceId = filter.instanceId;
    if (filter.runId) instanceId = (await this.getRun(filter.runId)).instanceId;
    if (!instanceId) throw new InputError('Give a run or an instance');
    const { items, total } = await this.deps.store.listActions({
      ...filter,
      instanceId,
    });
    return { items: items.map(publicAction), total };
  }

  async decideSuggestions(
    ids: string[],
    decision: 'accept' | 'dismiss',
    { credentials }: Creds,
  ): Promise<{ changed: string[]; unchanged: string[] }> {
    const { store, inventory } = this.deps;
    const changed: string[] = [];
    const unchanged: string[] = [];
    const appKeys = new Map<string, string>();
    const now = this.now();
    for (const id of ids) {
      const action = await store.getAction(id);
      if (!action) throw new NotFoundError(`No suggestion ${id}`);
      let appKey = appKeys.get(action.instanceId);
      if (!appKey) {
        appKey = (await requireInstance(inventory, action.instanceId)).appKey;
        appKeys.set(action.instanceId, appKey);
      }
      const accept = decision === 'accept';
      const ok = await store.transitionAction(
        id,
        ['suggested'],
        accept ? 'queued' : 'dismissed',
        { decidedBy: actorOf(credentials) },
        {
          type: accept ? 'suggestion.accepted' : 'suggestion.dismissed',
          actor: actorOf(credentials),
          appKey,
          instanceId: action.instanceId,
          runId: action.runId,
          actionId: id,
          detail: {
            oktaUserId: action.oktaUserId,
            email: action.email,
            action: action.action,
            toTier: action.toTier,
          },
        },
        now,
        accept ? [actJob(id)] : [],
      );
      (ok ? changed : unchanged).push(id);
      if (ok) this.deps.progress?.changed(action.runId);
    }
    if (changed.length) this.deps.onWork?.();
    return { changed, unchanged };
  }

  async myWarnings({ credentials }: Creds): Promise<LicenseWarning[]> {
    const { store, inventory } = this.deps;
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    if (!ref) throw new NotAllowedError('Only people have warnings');
    const oktaUserId = await store.oktaUserIdOf(ref);
    if (!oktaUserId) return [];
    // Every warning, with how it ended (kept, changed, skipped): the link
    // in a warning keeps working after the deadline.
    const { items } = await store.listActions({
      oktaUserId,
      warned: true,
      limit: 100,
    });
    const out = [];
    for (const a of items) {
      const run = await store.getRunHeader(a.runId);
      const instance = await inventory.getInstance(a.instanceId);
      out.push({
        ...publicAction(a),
        instanceLabel: instance?.label ?? a.instanceId,
        allowOptOut: Boolean(run?.definition.notifications.allowOptOut),
      });
    }
    return out;
  }

  async optOut(actionId: string, { credentials }: Creds) {
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    // The same checks as a Keep in Slack or an e-mail (WarningKeeper).
    const { action } = await new WarningKeeper(this.deps).keep({
      actionId,
      personRef: ref,
      via: 'portal',
    });
    return publicAction(action);
  }

  async results(instanceId: string): Promise<WorkflowResults> {
    const { store } = this.deps;
    const now = this.now();
    const [series, totals, runs, suggestions, regret, restores] =
      await Promise.all([
        store.resultsSeries(instanceId, now, 91),
        store.actionTotals(instanceId),
        store.listRuns({ instanceId, limit: 20 }),
        store.openSuggestions([instanceId]),
        store.regretByRule(instanceId),
        store.listRestores({ instanceId, limit: 50 }),
      ]);
    return {
      instanceId,
      series,
      actions: totals.counts,
      monthlySaving: totals.monthlySaving,
      openSuggestions: suggestions.get(instanceId) ?? 0,
      runs: runs.map(publicRun),
      regret,
      restores,
    };
  }
}
