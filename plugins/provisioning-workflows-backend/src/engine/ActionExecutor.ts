import { Job, JobJson, PermanentError } from '@internal/durable-jobs';
import { LicenseActionExecutor } from '@internal/plugin-provisioning-workflows-node';
import { titleCase } from '../database/InventoryStore';
import { ActionRecord, NewAuditEvent, SYSTEM_ACTOR } from '../database/types';
import { EngineDeps, InstanceCache } from './EngineContext';
import { ItTickets } from './ItTickets';
import { tierName } from './warningNotice';

/**
 * Carries out one queued action (an act job) in the system of record
 * through the license executor, unless the person signed in again since
 * the run was planned, and ends the run when its last action ends. A
 * change the executor cannot make goes to IT (see {@link ItTickets}).
 */
export class ActionExecutor {
  constructor(
    private readonly deps: EngineDeps & { executor: LicenseActionExecutor },
    private readonly instances: InstanceCache,
    private readonly tickets: ItTickets,
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async run(job: Job, signal: AbortSignal): Promise<JobJson> {
    const result = await this.act(job, signal);
    await this.finishRunIfDone(job);
    return result;
  }

  /** Called when an act job gave up: the action fails with the reason. */
  async actFailed(job: Job, error: string) {
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await this.deps.store.getAction(actionId);
    if (action) {
      const instance = await this.instances.get(action.instanceId);
      await this.deps.store.transitionAction(
        actionId,
        ['queued'],
        'failed',
        { detail: error },
        {
          type: 'action.failed',
          actor: SYSTEM_ACTOR,
          appKey: instance?.appKey,
          instanceId: action.instanceId,
          runId: action.runId,
          actionId,
          detail: { oktaUserId: action.oktaUserId, email: action.email, error },
        },
        this.now(),
      );
    }
    await this.finishRunIfDone(job);
  }

  /**
   * Ends the run of an action that just ended, if nothing else is left (the
   * tick does it otherwise), and tells the pages that its counts moved.
   */
  private async finishRunIfDone(job: Job) {
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await this.deps.store.getAction(actionId);
    if (!action) return;
    const instance = await this.instances.get(action.instanceId);
    await this.deps.store.finishIdleRuns(
      this.now(),
      () => instance?.appKey,
      action.runId,
    );
    this.deps.progress?.changed(action.runId);
  }

  private async act(job: Job, signal: AbortSignal): Promise<JobJson> {
    const { store } = this.deps;
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await store.getAction(actionId);
    if (!action) throw new PermanentError(`No workflow action ${actionId}`);
    if (action.status !== 'queued') return { skipped: action.status };
    const instance = await this.instances.get(action.instanceId);
    const appKey = instance?.appKey;
    const now = this.now();
    const event = (
      type: NewAuditEvent['type'],
      detail: Record<string, unknown>,
    ): NewAuditEvent => ({
      type,
      actor: SYSTEM_ACTOR,
      appKey,
      instanceId: action.instanceId,
      runId: action.runId,
      actionId,
      detail: {
        oktaUserId: action.oktaUserId,
        email: action.email,
        action: action.action,
        fromTier: action.fromTier,
        toTier: action.toTier,
        ...detail,
      },
    });

    // Someone who signed in again since the run planned the change keeps the license.
    const last = await store.lastSignIn(action.oktaUserId, action.instanceId);
    if (last !== undefined && last > (action.lastSignInMs ?? -1)) {
      const detail = `Signed in again on ${new Date(last).toISOString()}`;
      await store.transitionAction(
        actionId,
        ['queued'],
        'skipped',
        { detail },
        event('action.skipped', { reason: detail }),
        now,
      );
      return { skipped: 'signed-in-again' };
    }

    // A downgrade only ever moves someone down: whoever holds the target
    // tier or one below it now (changed since the plan) stays as they are.
    if (action.action === 'downgrade') {
      const reason = await this.notAboveTarget(action);
      if (reason) {
        await store.transitionAction(
          actionId,
          ['queued'],
          'skipped',
          { detail: reason },
          event('action.skipped', { reason }),
          now,
        );
        return { skipped: 'not-above-target' };
      }
    }

    const outcome = await this.deps.executor.execute(
      {
        instanceId: action.instanceId,
        oktaUserId: action.oktaUserId,
        userEmail: action.email,
        action: action.action,
        scope: action.scope,
        fromTier: action.fromTier,
        fromGroupId: action.fromGroupId,
        toTier: action.toTier,
        toGroupId: action.toGroupId,
        fromTierName: tierName(instance, action.fromTier),
        toTierName: tierName(instance, action.toTier),
      },
      { logger: this.deps.logger, idempotencyKey: `act:${actionId}`, signal },
    );
    if (outcome.status === 'needs-ticket') {
      return this.tickets.handOver(action, outcome.reason, signal);
    }
    if (outcome.status === 'failed') {
      await store.transitionAction(
        actionId,
        ['queued'],
        'failed',
        { detail: outcome.reason },
        event('action.failed', { error: outcome.reason }),
        this.now(),
      );
      return { failed: outcome.reason };
    }
    await store.completeAction(
      action,
      outcome.detail,
      event('action.done', { result: outcome.detail }),
      this.now(),
    );
    return { done: outcome.detail };
  }

  /** Why a downgrade would not move the person down now; undefined when it would. */
  private async notAboveTarget(
    action: ActionRecord,
  ): Promise<string | undefined> {
    const { store } = this.deps;
    const [tiers, current, instance] = await Promise.all([
      store.tiersOf(action.instanceId),
      store.currentTierOf(action.oktaUserId, action.instanceId),
      this.instances.get(action.instanceId),
    ]);
    const label = instance?.label ?? action.instanceId;
    const nameOf = (tier: string) =>
      instance?.tiers.find(t => t.tier === tier)?.displayName ??
      titleCase(tier);
    const target = tiers.findIndex(t => t.tier === action.toTier);
    if (target < 0) {
      return `${nameOf(
        action.toTier ?? '',
      )} is no longer a tier of ${label}; not moved`;
    }
    if (!current) {
      return `No longer holds a tier of ${label} above ${nameOf(
        action.toTier!,
      )}; not moved`;
    }
    const rank = tiers.findIndex(t => t.tier === current.tier);
    if (rank <= target) {
      return `Holds ${nameOf(current.tier)} now, which is not above ${nameOf(
        action.toTier!,
      )}; not moved`;
    }
    return undefined;
  }
}
