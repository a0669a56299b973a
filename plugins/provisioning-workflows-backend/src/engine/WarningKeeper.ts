import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { WarningKeeps } from '@internal/plugin-provisioning-workflows-node';
import { InventoryStore } from '../database/InventoryStore';
import { ActionRecord } from '../database/types';
import { WorkflowStore } from '../database/WorkflowStore';
import { RunProgress } from './RunSignals';

/**
 * Keeps a warned person's license (the action becomes `opted-out`, with its
 * audit event in the same transaction), from the portal, a Slack click or
 * an e-mail link alike: only for the warned person, only while the action
 * waits for its deadline, only when the workflow allows it. Keeping twice
 * is not an error.
 */
export class WarningKeeper implements WarningKeeps {
  constructor(
    private readonly deps: {
      store: WorkflowStore;
      inventory: InventoryStore;
      /** Told that the run's counts changed. */
      progress?: RunProgress;
      now?: () => number;
    },
  ) {}

  async keep(input: {
    actionId: string;
    personRef?: string;
    personEmail?: string;
    via: string;
  }): Promise<{ status: 'kept' | 'already-kept'; action: ActionRecord }> {
    const { store, inventory } = this.deps;
    const { actionId, via } = input;
    const action = await store.getAction(actionId);
    const personRef =
      action &&
      (await this.warnedPerson(action, input.personRef, input.personEmail));
    if (!action || !personRef) {
      // The same answer whether or not the action exists: ids are not
      // guessable, but do not confirm them.
      throw new NotFoundError(`No warning ${actionId} for you`);
    }
    if (action.status === 'opted-out')
      return { status: 'already-kept', action };
    const run = await store.getRunHeader(action.runId);
    if (!run?.definition.notifications.allowOptOut) {
      throw new NotAllowedError(
        'This change does not allow opting out; ask the app admin',
      );
    }
    const now = (this.deps.now ?? Date.now)();
    const tooLate = new ConflictError(
      `Too late to opt out: the change is ${
        action.status === 'done' ? 'done' : 'under way'
      }`,
    );
    if (
      action.status !== 'notified' ||
      !action.deadline ||
      Date.parse(action.deadline) <= now
    ) {
      throw tooLate;
    }
    const instance = await inventory.getInstance(action.instanceId);
    const kept = await store.transitionAction(
      actionId,
      ['notified'],
      'opted-out',
      {
        detail: `Kept by ${personRef}${via === 'portal' ? '' : ` (${via})`}`,
        decidedBy: personRef,
      },
      {
        type: 'action.opted-out',
        actor: personRef,
        appKey: instance?.appKey,
        instanceId: action.instanceId,
        runId: action.runId,
        actionId,
        detail: { oktaUserId: action.oktaUserId, email: action.email, via },
      },
      now,
    );
    if (!kept) throw tooLate;
    this.deps.progress?.changed(action.runId);
    return { status: 'kept', action: (await store.getAction(actionId))! };
  }

  /**
   * The catalog user of the warned person when the caller is them (by
   * catalog user, or by the e-mail Okta and the catalog share); undefined
   * for anyone else.
   */
  private async warnedPerson(
    action: ActionRecord,
    personRef?: string,
    personEmail?: string,
  ): Promise<string | undefined> {
    const { store } = this.deps;
    if (personRef) {
      const oktaUserId = await store.oktaUserIdOf(personRef);
      return oktaUserId === action.oktaUserId ? personRef : undefined;
    }
    const email = personEmail?.trim().toLowerCase();
    if (!email || email !== action.email?.trim().toLowerCase()) {
      return undefined;
    }
    return store.entityRefOf(action.oktaUserId);
  }
}
