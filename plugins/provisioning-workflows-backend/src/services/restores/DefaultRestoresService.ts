import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AppInstance,
  DEFAULT_RESTORE_SETTINGS,
  LicenseRestore,
  RestoreSettings,
  TakenBackLicense,
} from '@internal/plugin-provisioning-workflows-common';
import { randomUUID } from 'crypto';
import { InventoryStore } from '../../database/InventoryStore';
import { ActionRecord } from '../../database/types';
import { WorkflowStore } from '../../database/WorkflowStore';
import { restoreEventDetail, restoreJob } from '../../engine/LicenseRestorer';
import { portalLink, tierName } from '../../engine/warningNotice';
import { DAY_MS } from '../../database/util';
import { actorOf, Creds } from '../common';
import { RestoresService } from './types';

/** Productiv Home's catalog, where people request an app. */
const HOME_PATH = '/productiv-home?tab=apps';

/** What people see of workflows' changes in "Recently taken back": the last 90 days. */
const TAKEN_BACK_DAYS = 90;

/**
 * Restores without authorization (see AuthorizedRestoresService): what a
 * person lost to workflows, and the one-click restore within the app's
 * window, at the same tier, when the workflow's settings need no approval
 * and the license executor can give it back.
 */
export class DefaultRestoresService implements RestoresService {
  constructor(
    private readonly deps: {
      store: WorkflowStore;
      inventory: InventoryStore;
      /** Whether the license executor can restore (it has `restore`). */
      canRestore: boolean;
      appBaseUrl?: string;
      onWork?: () => void;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async takenBack(
    entityRef: string | undefined,
    { credentials }: Creds,
  ): Promise<TakenBackLicense[]> {
    const { store, inventory } = this.deps;
    const ref = entityRef ?? actorOf(credentials);
    const oktaUserId = await store.oktaUserIdOf(ref);
    if (!oktaUserId) return [];
    const since = this.now() - TAKEN_BACK_DAYS * DAY_MS;
    const { items } = await store.listActions({
      oktaUserId,
      statuses: ['done'],
      limit: 100,
    });
    const out: TakenBackLicense[] = [];
    for (const action of items) {
      if (Date.parse(action.updatedAt) < since) continue;
      const run = await store.getRunHeader(action.runId);
      if (!run || run.dryRun) continue;
      const instance = await inventory.getInstance(action.instanceId);
      const appName = instance?.label ?? action.instanceId;
      const ruleName = ruleNameOf(run.definition.rules, action.rule);
      const settings = await this.settingsOf(action.instanceId);
      const restore = await store.restoreOfAction(action.id);
      const refusal = restore
        ? undefined
        : await this.refusal(action, instance, settings);
      out.push({
        actionId: action.id,
        runId: action.runId,
        instanceId: action.instanceId,
        appName,
        action: action.action,
        fromTierName: tierName(instance, action.fromTier),
        toTierName: tierName(instance, action.toTier),
        takenAt: action.updatedAt,
        automation: `${appName} license automation, rule “${ruleName}”`,
        ruleName,
        restoreUntil: new Date(
          Date.parse(action.updatedAt) + settings.windowDays * DAY_MS,
        ).toISOString(),
        restorable: !restore && !refusal,
        refusal,
        restore: restore && this.named(restore, instance),
      });
    }
    return out;
  }

  async restore(
    actionId: string,
    { credentials }: Creds,
  ): Promise<{ restore: LicenseRestore; created: boolean }> {
    const { store, inventory } = this.deps;
    const action = await store.getAction(actionId);
    if (!action) throw new NotFoundError(`No license change ${actionId}`);
    const instance = await inventory.getInstance(action.instanceId);
    const existing = await store.restoreOfAction(actionId);
    if (existing) {
      return { restore: this.named(existing, instance), created: false };
    }
    const run = await store.getRunHeader(action.runId);
    if (action.status !== 'done' || !run || run.dryRun) {
      throw new ConflictError(
        'Nothing to restore: this change was not made, so the license was not taken',
      );
    }
    const refusal = await this.refusal(
      action,
      instance,
      await this.settingsOf(action.instanceId),
    );
    if (refusal) throw new ConflictError(refusal);
    const restore = {
      id: randomUUID(),
      actionId,
      runId: action.runId,
      instanceId: action.instanceId,
      rule: action.rule,
      ruleName: ruleNameOf(run.definition.rules, action.rule),
      oktaUserId: action.oktaUserId,
      entityRef: await store.entityRefOf(action.oktaUserId),
      action: action.action,
      tier: action.fromTier,
      monthlySaving: action.monthlySaving,
      requestedBy: actorOf(credentials),
    };
    const result = await store.createRestore(
      restore,
      {
        type: 'restore.requested',
        actor: restore.requestedBy,
        appKey: instance?.appKey,
        instanceId: action.instanceId,
        runId: action.runId,
        actionId,
        detail: restoreEventDetail(restore, {
          restoreId: restore.id,
          email: action.email,
        }),
      },
      [restoreJob(actionId, restore.id)],
      this.now(),
    );
    if (result.created) this.deps.onWork?.();
    return {
      restore: this.named(result.restore, instance),
      created: result.created,
    };
  }

  /** The app's restore settings: its workflow's, or the defaults. */
  private async settingsOf(instanceId: string): Promise<RestoreSettings> {
    const workflow = await this.deps.store.getWorkflow(instanceId);
    return { ...DEFAULT_RESTORE_SETTINGS, ...workflow?.restore };
  }

  /** Why one click cannot give this license back now, in words with what to do; undefined when it can. */
  private async refusal(
    action: ActionRecord,
    instance: AppInstance | undefined,
    settings: RestoreSettings,
  ): Promise<string | undefined> {
    const appName = instance?.label ?? action.instanceId;
    const tier = tierName(instance, action.fromTier);
    const what = tier ? `${appName} ${tier}` : appName;
    const request = `request ${what} in Productiv Home: ${portalLink(
      this.deps.appBaseUrl,
      HOME_PATH,
    )}`;
    const until = Date.parse(action.updatedAt) + settings.windowDays * DAY_MS;
    if (this.now() > until) {
      return `The ${settings.windowDays}-day restore window ended on ${new Date(
        until,
      ).toLocaleDateString('en-US', {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })}; ${request}`;
    }
    if (settings.approval === 'required') {
      return `${appName}'s settings need an approval to give a license back; ${request}`;
    }
    if (!this.deps.canRestore) {
      return `License automation cannot give licenses back here (no license executor that restores); ${request}`;
    }
    if (
      await this.deps.store.actionHadEvent(action.id, 'action.waiting-on-it')
    ) {
      return `IT made this change by ticket, so it cannot be undone in one click; ${request}`;
    }
    return undefined;
  }

  private named(
    restore: LicenseRestore,
    instance: AppInstance | undefined,
  ): LicenseRestore {
    return { ...restore, tierName: tierName(instance, restore.tier) };
  }
}

function ruleNameOf(rules: Array<{ name?: string }>, rule: number): string {
  return rules[rule]?.name || `Rule ${rule + 1}`;
}
