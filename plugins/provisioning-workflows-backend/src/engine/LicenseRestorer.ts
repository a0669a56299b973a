import { Job, JobJson, NewJob, PermanentError } from '@internal/durable-jobs';
import { LicenseRestore } from '@internal/plugin-provisioning-workflows-common';
import { LicenseActionExecutor } from '@internal/plugin-provisioning-workflows-node';
import { ActionRecord, NewAuditEvent, SYSTEM_ACTOR } from '../database/types';
import { EngineDeps, InstanceCache } from './EngineContext';
import { tierName } from './warningNotice';

/** The job type of restores. */
export const RESTORE_JOB = 'workflow-restore';

/**
 * Gives one license back: the key is the action's, so an action is
 * restored at most once, however often it is asked for.
 */
export const restoreJob = (actionId: string, restoreId: string): NewJob => ({
  type: RESTORE_JOB,
  key: `restore:${actionId}`,
  payload: { actionId, restoreId },
  maxAttempts: 10,
});

/** What a restore's audit events say besides the attribution columns. */
export function restoreEventDetail(
  restore: Pick<
    LicenseRestore,
    'rule' | 'ruleName' | 'oktaUserId' | 'entityRef' | 'action' | 'tier'
  >,
  extra: Record<string, unknown> = {},
) {
  return {
    rule: restore.rule,
    ruleName: restore.ruleName,
    oktaUserId: restore.oktaUserId,
    entityRef: restore.entityRef,
    undone: restore.action,
    tier: restore.tier,
    ...extra,
  };
}

/**
 * Runs restore jobs: undoes the action's change through the license
 * executor (`restore`), which reads before it writes, so a retried job
 * never writes twice; records the outcome and its audit event against the
 * run, the action and the rule.
 */
export class LicenseRestorer {
  constructor(
    private readonly deps: EngineDeps & { executor: LicenseActionExecutor },
    private readonly instances: InstanceCache,
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async run(job: Job, signal: AbortSignal): Promise<JobJson> {
    const { store, executor, logger } = this.deps;
    const { restoreId } = job.payload as { restoreId: string };
    const restore = await store.getRestore(restoreId);
    if (!restore) throw new PermanentError(`No restore ${restoreId}`);
    if (restore.status !== 'queued') return { skipped: restore.status };
    const action = await store.getAction(restore.actionId);
    if (!action) throw new PermanentError(`No action ${restore.actionId}`);
    if (!executor.restore) {
      await this.finish(restore, action, {
        status: 'failed',
        detail: `The license executor (${executor.id}) cannot restore; request the app in Productiv Home`,
      });
      return { failed: 'no-restore' };
    }
    const instance = await this.instances.get(action.instanceId);
    const outcome = await executor.restore(
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
      { logger, idempotencyKey: job.key, signal },
    );
    if (outcome.status === 'done') {
      await this.finish(restore, action, {
        status: 'done',
        detail: outcome.detail,
      });
      return { done: outcome.detail };
    }
    const reason =
      outcome.status === 'failed'
        ? outcome.reason
        : `${outcome.reason}; request the app in Productiv Home`;
    await this.finish(restore, action, { status: 'failed', detail: reason });
    return { failed: reason };
  }

  /** A restore job that gave up: the restore fails with the reason. */
  async restoreFailed(job: Job, error: string) {
    const { restoreId } = job.payload as { restoreId: string };
    const restore = await this.deps.store.getRestore(restoreId);
    const action =
      restore && (await this.deps.store.getAction(restore.actionId));
    if (!restore || !action) return;
    await this.finish(restore, action, { status: 'failed', detail: error });
  }

  private async finish(
    restore: LicenseRestore,
    action: ActionRecord,
    outcome: { status: 'done' | 'failed'; detail: string },
  ) {
    const instance = await this.instances.get(action.instanceId);
    const event: NewAuditEvent = {
      type: outcome.status === 'done' ? 'restore.done' : 'restore.failed',
      actor: SYSTEM_ACTOR,
      appKey: instance?.appKey,
      instanceId: action.instanceId,
      runId: action.runId,
      actionId: action.id,
      detail: restoreEventDetail(restore, {
        restoreId: restore.id,
        requestedBy: restore.requestedBy,
        [outcome.status === 'done' ? 'result' : 'error']: outcome.detail,
      }),
    };
    await this.deps.store.finishRestore(
      restore,
      action,
      outcome,
      event,
      this.now(),
    );
  }
}
