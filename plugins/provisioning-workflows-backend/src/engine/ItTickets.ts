import { JobJson } from '@internal/durable-jobs';
import { WorkflowRule } from '@internal/plugin-provisioning-workflows-common';
import { ActionRecord, NewAuditEvent, SYSTEM_ACTOR } from '../database/types';
import { EngineDeps, InstanceCache } from './EngineContext';
import {
  ItChangeAnswer,
  ItChangeRefusedError,
  ItChanges,
  NoTicketingError,
} from './HomeItChanges';
import { instancePath, portalLink, tierName } from './warningNotice';

/** A rule in words: its name, else its condition. */
export function ruleWords(rule: WorkflowRule | undefined): string {
  if (!rule) return 'a rule of the workflow';
  if (rule.name) return rule.name;
  const c = rule.condition;
  switch (c.type) {
    case 'noSignIn':
      return `No sign-in for ${c.days} days`;
    case 'neverSignedIn':
      return `Never signed in since assigned ${c.days} days ago`;
    default:
      return `Fewer than ${c.signIns} sign-ins in the last ${c.days} days`;
  }
}

/** How many waiting actions one tick asks about. */
const FOLLOW_UP_BATCH = 1000;

/**
 * The license changes Okta cannot make go to IT: a ticket through
 * Productiv Home's ticketing (`handOver`), and the action waits on IT
 * until Home says the ticket was resolved or failed (`followUp`, from the
 * tick). Each status change is conditional on the one before, so it
 * happens once however many replicas or retries get there.
 */
export class ItTickets {
  constructor(
    private readonly deps: EngineDeps & {
      /** Productiv Home's ticketing; absent when it cannot be reached. */
      itChanges?: ItChanges;
      appBaseUrl?: string;
    },
    private readonly instances: InstanceCache,
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private async event(
    action: ActionRecord,
    type: NewAuditEvent['type'],
    detail: Record<string, unknown>,
  ): Promise<NewAuditEvent> {
    const instance = await this.instances.get(action.instanceId);
    return {
      type,
      actor: SYSTEM_ACTOR,
      appKey: instance?.appKey,
      instanceId: action.instanceId,
      runId: action.runId,
      actionId: action.id,
      detail: {
        oktaUserId: action.oktaUserId,
        email: action.email,
        action: action.action,
        fromTier: action.fromTier,
        toTier: action.toTier,
        ...detail,
      },
    };
  }

  /**
   * Asks IT for a queued change Okta cannot make (`why`). A failed call
   * worth repeating (Home down, 5xx) throws for the act job to retry with
   * the same key: Home opens one ticket whatever the number of calls.
   */
  async handOver(
    action: ActionRecord,
    why: string,
    signal?: AbortSignal,
  ): Promise<JobJson> {
    const { store } = this.deps;
    let answer: ItChangeAnswer;
    try {
      if (!this.deps.itChanges) {
        throw new NoTicketingError(
          'no ticketing system can take it: install Productiv Home with a ticketing system',
        );
      }
      answer = await this.deps.itChanges.submit(
        await this.describe(action, why),
        signal,
      );
    } catch (error) {
      if (
        !(error instanceof NoTicketingError) &&
        !(error instanceof ItChangeRefusedError)
      ) {
        throw error;
      }
      const reason = `Okta cannot make this change (${why}), and it could not go to IT: ${error.message}`;
      await store.transitionAction(
        action.id,
        ['queued'],
        'failed',
        { detail: reason },
        await this.event(action, 'action.failed', { error: reason }),
        this.now(),
      );
      return { failed: reason };
    }
    if (answer.status !== 'open') {
      // Resolved already (a retry after a lost answer): no waiting.
      await this.settle(action, answer, ['queued']);
      return { [answer.status]: answer.requestId };
    }
    await store.transitionAction(
      action.id,
      ['queued'],
      'waiting-on-it',
      { detail: `Waiting on IT: ${why}` },
      await this.event(action, 'action.waiting-on-it', {
        reason: why,
        requestId: answer.requestId,
      }),
      this.now(),
    );
    return { waitingOnIt: answer.requestId };
  }

  /**
   * Asks Home where each waiting action's ticket stands and ends those it
   * resolved or failed; an answer that does not come is asked again on
   * the next tick. Returns how many actions ended.
   */
  async followUp(): Promise<number> {
    const { itChanges, store, logger } = this.deps;
    if (!itChanges) return 0;
    const { items } = await store.listActions({
      statuses: ['waiting-on-it'],
      limit: FOLLOW_UP_BATCH,
    });
    let ended = 0;
    for (const action of items) {
      let answer: ItChangeAnswer;
      try {
        answer = await itChanges.status(action.id);
      } catch (error) {
        logger.warn(
          `Could not read where IT's change of action ${action.id} stands; asking again later: ${error}`,
        );
        continue;
      }
      if (answer.status === 'open') continue;
      if (await this.settle(action, answer, ['waiting-on-it'])) {
        ended++;
        this.deps.progress?.changed(action.runId);
      }
    }
    return ended;
  }

  /** Ends an action as IT did: done, or failed with Home's reason. */
  private async settle(
    action: ActionRecord,
    answer: ItChangeAnswer,
    from: Array<'queued' | 'waiting-on-it'>,
  ): Promise<boolean> {
    const { store } = this.deps;
    const ticket = answer.ticket?.externalId
      ? `${answer.ticket.provider ?? 'ticket'} ${answer.ticket.externalId}`
      : `request ${answer.requestId}`;
    if (answer.status === 'done') {
      const detail = `Changed by IT (${ticket})`;
      return store.completeAction(
        action,
        detail,
        await this.event(action, 'action.done', {
          result: detail,
          requestId: answer.requestId,
        }),
        this.now(),
        from,
      );
    }
    const reason = `IT did not make the change (${ticket}): ${
      answer.reason ?? 'no reason given'
    }`;
    return store.transitionAction(
      action.id,
      from,
      'failed',
      { detail: reason },
      await this.event(action, 'action.failed', {
        error: reason,
        requestId: answer.requestId,
      }),
      this.now(),
    );
  }

  /** What Home is told: the person, the app and tiers by name, and why. */
  private async describe(action: ActionRecord, why: string) {
    const [instance, run] = await Promise.all([
      this.instances.get(action.instanceId),
      this.deps.store.getRun(action.runId),
    ]);
    const rule = run?.definition.rules[action.rule];
    const downgrade = action.action === 'downgrade';
    return {
      idempotencyKey: action.id,
      email: action.email,
      oktaAppId: action.instanceId,
      appName: instance?.label ?? action.instanceId,
      instanceLabel: instance?.label,
      change: downgrade ? ('downgrade' as const) : ('remove' as const),
      fromTier: action.fromTier,
      fromTierName: tierName(instance, action.fromTier),
      ...(downgrade
        ? {
            toTier: action.toTier,
            toTierName: tierName(instance, action.toTier),
          }
        : {}),
      reason: `Rule "${ruleWords(rule)}" of the ${
        instance?.label ?? 'app'
      } workflow (${why})`,
      // Only an absolute link: without app.baseUrl the ticket has none.
      link: this.deps.appBaseUrl
        ? portalLink(this.deps.appBaseUrl, instancePath(action.instanceId))
        : undefined,
    };
  }
}
