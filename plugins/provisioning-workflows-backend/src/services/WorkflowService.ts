import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  Job,
  JobHandler,
  JobJson,
  JobStore,
  PermanentError,
} from '@internal/durable-jobs';
import {
  AppInstance,
  AuditEvent,
  Exemption,
  InstanceWorkflowSummary,
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsGlobalExemptionsPermission,
  provisioningWorkflowsHistoryReadPermission,
  RECOMMENDED_WORKFLOWS,
  Workflow,
  WorkflowAction,
  WorkflowActionStatus,
  WorkflowDefinition,
  WorkflowPreview,
  WorkflowResults,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import {
  LicenseActionExecutor,
  WorkflowAppFilter,
  WorkflowAppResource,
} from '@internal/plugin-provisioning-workflows-node';
import { CronTime } from 'cron';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { InventoryStore } from '../database/InventoryStore';
import {
  ActionRecord,
  DAY_MS,
  NewAuditEvent,
  RunRecord,
  WorkflowStore,
} from '../database/WorkflowStore';

/** Sends the warning of an upcoming change to a person; false when it cannot reach them. */
export type WarningSender = (warning: {
  entityRef: string;
  action: ActionRecord;
  instanceLabel: string;
  deadline: string;
  allowOptOut: boolean;
}) => Promise<void>;

type Creds = { credentials: BackstageCredentials };

const SYSTEM_ACTOR = 'provisioning-workflows';

export const JOB_TYPES = {
  plan: 'workflow-plan',
  act: 'workflow-act',
  warn: 'workflow-warn',
} as const;

/** Next time a five-field UTC cron fires after `afterMs`. */
export function nextCronRun(expression: string, afterMs: number): number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new InputError(
      `Schedule '${expression}' must have five fields (minute hour day month weekday), e.g. '0 6 * * 1' for Mondays at 06:00 UTC`,
    );
  }
  let time: CronTime;
  try {
    time = new CronTime(expression, 'UTC');
  } catch (error) {
    throw new InputError(
      `Schedule '${expression}' is not a valid cron expression: ${
        (error as Error).message
      }`,
    );
  }
  return time.getNextDateFrom(new Date(afterMs)).toMillis();
}

function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? p.subject ?? p.type ?? 'unknown';
}

/** The editable part of a stored workflow. */
function definitionOf(workflow: Workflow): WorkflowDefinition {
  const {
    instanceId: _i,
    status: _s,
    updatedAt: _u,
    updatedBy: _b,
    nextRunAt: _n,
    ...definition
  } = workflow;
  return definition;
}

function publicRun(run: RunRecord): WorkflowRun {
  const { definition: _definition, ...rest } = run;
  return rest;
}

function publicAction(a: ActionRecord): WorkflowAction {
  const {
    scope: _s,
    fromGroupId: _f,
    toGroupId: _t,
    lastSignInMs: _l,
    ...rest
  } = a;
  return rest;
}

/**
 * Provisioning workflows: set-up, preview, runs (planned, warned, executed
 * through durable jobs), suggestions, opt-outs, results and audit events.
 * Every method checks the caller; app admins act on their apps, super
 * admins on all.
 */
export class WorkflowService {
  private readonly appAuthorizer;

  constructor(
    private readonly deps: {
      store: WorkflowStore;
      inventory: InventoryStore;
      jobs: JobStore;
      permissions: PermissionsService;
      ruleset: PermissionRuleset<
        WorkflowAppResource,
        WorkflowAppFilter,
        'provisioning-workflows-app'
      >;
      /** App key → admins (users and groups), from config. */
      appAdmins: Map<string, string[]>;
      executor: LicenseActionExecutor;
      warn?: WarningSender;
      logger: LoggerService;
      /** Called after runs or jobs are queued, to start work at once. */
      onWork?: () => void;
      now?: () => number;
    },
  ) {
    this.appAuthorizer = createConditionAuthorizer(deps.ruleset);
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private readonly instanceCache = new Map<
    string,
    { at: number; instance: Promise<AppInstance | undefined> }
  >();

  /** Instance lookups of background work, kept 30 s: a run's thousands of actions share one. */
  private cachedInstance(id: string): Promise<AppInstance | undefined> {
    const hit = this.instanceCache.get(id);
    if (hit && Date.now() - hit.at < 30_000) return hit.instance;
    const instance = this.deps.inventory.getInstance(id);
    this.instanceCache.set(id, { at: Date.now(), instance });
    return instance;
  }

  appResource(appKey: string): WorkflowAppResource {
    return { appKey, admins: this.deps.appAdmins.get(appKey) ?? [] };
  }

  private async may(
    permission: ResourcePermission<'provisioning-workflows-app'>,
    appKey: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return this.appAuthorizer(decision, this.appResource(appKey));
    }
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async instance(instanceId: string): Promise<AppInstance> {
    const instance = await this.deps.inventory.getInstance(instanceId);
    if (!instance) {
      throw new NotFoundError(
        `No app instance ${instanceId}; it appears after the next inventory sync`,
      );
    }
    return instance;
  }

  /** Loads the instance and checks the caller may manage its app. */
  private async managed(instanceId: string, credentials: BackstageCredentials) {
    const instance = await this.instance(instanceId);
    if (
      !(await this.may(
        provisioningWorkflowsAppManagePermission,
        instance.appKey,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `Only admins of ${instance.label} may manage its workflows`,
      );
    }
    return instance;
  }

  private async readable(
    instanceId: string,
    credentials: BackstageCredentials,
  ) {
    const instance = await this.instance(instanceId);
    if (
      !(await this.may(
        provisioningWorkflowsHistoryReadPermission,
        instance.appKey,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `Only admins of ${instance.label} may see its workflow runs`,
      );
    }
    return instance;
  }

  // ------------------------------------------------------------ instances

  async listInstances({
    credentials,
  }: Creds): Promise<InstanceWorkflowSummary[]> {
    const apps = await this.deps.inventory.listApps();
    const allowed = new Map<string, boolean>();
    for (const app of apps) {
      allowed.set(
        app.key,
        await this.may(
          provisioningWorkflowsAppManagePermission,
          app.key,
          credentials,
        ),
      );
    }
    const instances = apps
      .filter(a => allowed.get(a.key))
      .flatMap(a => a.instances)
      .filter(i => i.status !== 'REMOVED');
    const workflows = new Map(
      (await this.deps.store.listWorkflows()).map(w => [w.instanceId, w]),
    );
    const suggestions = await this.deps.store.openSuggestions(
      instances.map(i => i.id),
    );
    const out: InstanceWorkflowSummary[] = [];
    for (const i of instances) {
      const [lastRun] = await this.deps.store.listRuns({
        instanceId: i.id,
        limit: 1,
      });
      out.push({
        instanceId: i.id,
        appKey: i.appKey,
        label: i.label,
        status: workflows.get(i.id)?.status ?? 'needs-setup',
        assignedUsers: i.assignedUsers,
        lastRun: lastRun ? publicRun(lastRun) : undefined,
        openSuggestions: suggestions.get(i.id) ?? 0,
      });
    }
    return out;
  }

  async getInstance(instanceId: string, { credentials }: Creds) {
    const instance = await this.managed(instanceId, credentials);
    const workflow = await this.deps.store.getWorkflow(instanceId);
    const lowestTier = instance.tiers[0]?.tier;
    return {
      instance,
      workflow,
      status: workflow?.status ?? ('needs-setup' as const),
      templates: RECOMMENDED_WORKFLOWS.map(t => ({
        id: t.id,
        title: t.title,
        description: t.description,
        definition: t.build({ lowestTier }),
      })),
    };
  }

  /** Checks a definition against the instance; throws a message an admin can act on. */
  private validate(definition: WorkflowDefinition, instance: AppInstance) {
    const tiers = instance.tiers.map(t => t.tier);
    definition.rules.forEach((rule, i) => {
      const where = `Rule ${i + 1}${rule.name ? ` (${rule.name})` : ''}`;
      for (const tier of rule.tiers ?? []) {
        if (!tiers.includes(tier)) {
          throw new InputError(
            `${where}: ${instance.label} has no tier '${tier}'; its tiers are ${
              tiers.join(', ') || 'not set up'
            }`,
          );
        }
      }
      if (rule.outcome.action === 'downgrade') {
        const to = rule.outcome.toTier;
        const rank = tiers.indexOf(to);
        if (rank < 0) {
          throw new InputError(
            `${where}: cannot downgrade to '${to}': ${
              instance.label
            } has no such tier; its tiers are ${
              tiers.join(', ') || 'not set up'
            }`,
          );
        }
        if (rank >= 0 && !instance.tiers[rank].groupId) {
          throw new InputError(
            `${where}: tier '${to}' of ${instance.label} has no Okta group, so people cannot be moved to it automatically; map it to a group in the app's tiers first`,
          );
        }
        if (rank === tiers.length - 1) {
          throw new InputError(
            `${where}: '${to}' is the highest tier of ${instance.label}; nobody can be downgraded to it`,
          );
        }
      }
    });
    if (
      definition.notifications.enabled &&
      definition.notifications.daysBefore < 1
    ) {
      throw new InputError('Warnings need at least 1 day before the change');
    }
    if (definition.schedule) nextCronRun(definition.schedule, this.now());
  }

  async saveWorkflow(
    instanceId: string,
    definition: WorkflowDefinition,
    { credentials }: Creds,
  ): Promise<Workflow> {
    const instance = await this.managed(instanceId, credentials);
    this.validate(definition, instance);
    const current = await this.deps.store.getWorkflow(instanceId);
    return this.persist(instance, definition, current?.status ?? 'active', {
      type: 'workflow.saved',
      actor: actorOf(credentials),
      detail: { definition, created: !current },
    });
  }

  async setStatus(
    instanceId: string,
    status: 'active' | 'paused',
    { credentials }: Creds,
  ): Promise<Workflow> {
    const instance = await this.managed(instanceId, credentials);
    const current = await this.deps.store.getWorkflow(instanceId);
    if (!current) {
      throw new ConflictError(
        `${instance.label} has no workflow yet; set one up first`,
      );
    }
    return this.persist(instance, definitionOf(current), status, {
      type: 'workflow.status',
      actor: actorOf(credentials),
      detail: { from: current.status, to: status },
    });
  }

  /** Stores a workflow with its next scheduled run (none while paused) and the event. */
  private persist(
    instance: AppInstance,
    definition: WorkflowDefinition,
    status: 'active' | 'paused',
    event: Pick<NewAuditEvent, 'type' | 'actor' | 'detail'>,
  ): Promise<Workflow> {
    const now = this.now();
    return this.deps.store.saveWorkflow(
      {
        instanceId: instance.id,
        definition,
        status,
        nextRunMs:
          status === 'active' && definition.schedule
            ? nextCronRun(definition.schedule, now)
            : undefined,
        actor: event.actor,
      },
      { ...event, appKey: instance.appKey, instanceId: instance.id },
      now,
    );
  }

  // --------------------------------------------------------------- preview

  async preview(
    instanceId: string,
    definition: WorkflowDefinition | undefined,
    options: Creds & { limit: number },
  ): Promise<WorkflowPreview & { total: number }> {
    const instance = await this.managed(instanceId, options.credentials);
    const def = definition ?? (await this.deps.store.getWorkflow(instanceId));
    if (!def) {
      throw new ConflictError(
        `${instance.label} has no workflow yet; pass one to preview`,
      );
    }
    this.validate(def, instance);
    const now = this.now();
    const { entries, assigned, exempt } = await this.deps.store.preview(
      instanceId,
      def,
      now,
    );
    return {
      instanceId,
      computedAt: new Date(now).toISOString(),
      assignedUsers: assigned,
      exemptUsers: exempt,
      total: entries.length,
      monthlySaving:
        Math.round(entries.reduce((s, e) => s + e.monthlySaving, 0) * 100) /
        100,
      entries: entries
        .slice(0, options.limit)
        .map(
          ({
            scope: _s,
            fromGroupId: _f,
            toGroupId: _t,
            lastSignInMs: _l,
            ...e
          }) => e,
        ),
    };
  }

  // ------------------------------------------------------------ exemptions

  private async exemptionScope(
    scope: string,
    credentials: BackstageCredentials,
  ): Promise<{ appKey?: string; label: string }> {
    if (scope === 'global') {
      const [d] = await this.deps.permissions.authorize(
        [{ permission: provisioningWorkflowsGlobalExemptionsPermission }],
        { credentials },
      );
      if (d.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          'Only super admins may change the global exempt list',
        );
      }
      return { label: 'every app' };
    }
    const instance = await this.managed(scope, credentials);
    return { appKey: instance.appKey, label: instance.label };
  }

  async listExemptions(
    scope: string,
    { credentials }: Creds,
  ): Promise<Exemption[]> {
    if (scope === 'global') {
      // Reading the global list is for any workflow admin: it explains previews.
      return this.deps.store.listExemptions(['global']);
    }
    await this.managed(scope, credentials);
    return this.deps.store.listExemptions([scope]);
  }

  async addExemptions(
    scope: string,
    entries: Array<{ kind: 'user' | 'group'; value: string; note?: string }>,
    { credentials }: Creds,
  ): Promise<{ added: number; exemptions: Exemption[] }> {
    const target = await this.exemptionScope(scope, credentials);
    const normalized = entries.map(e => ({
      ...e,
      value: e.kind === 'user' ? e.value.trim().toLowerCase() : e.value.trim(),
    }));
    const added = await this.deps.store.addExemptions(
      scope,
      normalized,
      actorOf(credentials),
      {
        appKey: target.appKey,
        instanceId: scope === 'global' ? undefined : scope,
      },
      this.now(),
    );
    return { added, exemptions: await this.deps.store.listExemptions([scope]) };
  }

  async removeExemption(id: string, { credentials }: Creds): Promise<void> {
    const exemption = await this.deps.store.getExemption(id);
    if (!exemption) throw new NotFoundError(`No exemption ${id}`);
    const target = await this.exemptionScope(exemption.scope, credentials);
    await this.deps.store.removeExemption(
      id,
      {
        type: 'exemption.removed',
        actor: actorOf(credentials),
        appKey: target.appKey,
        instanceId: exemption.scope === 'global' ? undefined : exemption.scope,
        detail: {
          scope: exemption.scope,
          kind: exemption.kind,
          value: exemption.value,
        },
      },
      this.now(),
    );
  }

  // ------------------------------------------------------------------ runs

  async startRun(
    instanceId: string,
    options: { dryRun: boolean },
    { credentials }: Creds,
  ): Promise<WorkflowRun> {
    const instance = await this.managed(instanceId, credentials);
    const workflow = await this.deps.store.getWorkflow(instanceId);
    if (!workflow) {
      throw new ConflictError(
        `${instance.label} has no workflow yet; set one up first`,
      );
    }
    // One real run at a time per instance; dry runs change nothing and may overlap.
    const running = (
      await this.deps.store.listRuns({
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
    const id = await this.createRun(instance, workflow, {
      trigger: 'manual',
      dryRun: options.dryRun,
      actor: actorOf(credentials),
    });
    return publicRun((await this.deps.store.getRun(id!))!);
  }

  private async createRun(
    instance: AppInstance,
    workflow: Workflow,
    run: {
      trigger: 'manual' | 'schedule';
      dryRun: boolean;
      actor: string;
      scheduledForMs?: number;
    },
  ): Promise<string | undefined> {
    const definition = definitionOf(workflow);
    const id = await this.deps.store.createRun(
      {
        instanceId: instance.id,
        appKey: instance.appKey,
        trigger: run.trigger,
        scheduledForMs: run.scheduledForMs,
        dryRun: run.dryRun,
        mode: definition.mode,
        definition,
        actor: run.actor,
      },
      this.now(),
      (trx, runId) =>
        this.deps.jobs
          .enqueue(
            [
              {
                type: JOB_TYPES.plan,
                key: `plan:${runId}`,
                payload: { runId },
                maxAttempts: 5,
              },
            ],
            { trx },
          )
          .then(() => undefined),
    );
    if (id) this.deps.onWork?.();
    return id;
  }

  async getRun(runId: string, { credentials }: Creds): Promise<WorkflowRun> {
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new NotFoundError(`No workflow run ${runId}`);
    await this.readable(run.instanceId, credentials);
    return publicRun(run);
  }

  async listRuns(instanceId: string, options: Creds & { limit: number }) {
    await this.readable(instanceId, options.credentials);
    return (
      await this.deps.store.listRuns({ instanceId, limit: options.limit })
    ).map(publicRun);
  }

  async listActions(
    filter: {
      runId?: string;
      instanceId?: string;
      statuses?: WorkflowActionStatus[];
      limit: number;
      offset: number;
    },
    { credentials }: Creds,
  ): Promise<{ items: WorkflowAction[]; total: number }> {
    let instanceId = filter.instanceId;
    if (filter.runId) {
      const run = await this.deps.store.getRun(filter.runId);
      if (!run) throw new NotFoundError(`No workflow run ${filter.runId}`);
      instanceId = run.instanceId;
    }
    if (!instanceId) throw new InputError('Give a run or an instance');
    await this.readable(instanceId, credentials);
    const { items, total } = await this.deps.store.listActions({
      ...filter,
      instanceId,
    });
    return { items: items.map(publicAction), total };
  }

  // ----------------------------------------------------------- suggestions

  async decideSuggestions(
    ids: string[],
    decision: 'accept' | 'dismiss',
    { credentials }: Creds,
  ): Promise<{ changed: string[]; unchanged: string[] }> {
    const changed: string[] = [];
    const unchanged: string[] = [];
    const checked = new Map<string, AppInstance>();
    const now = this.now();
    for (const id of ids) {
      const action = await this.deps.store.getAction(id);
      if (!action) throw new NotFoundError(`No suggestion ${id}`);
      let instance = checked.get(action.instanceId);
      if (!instance) {
        instance = await this.managed(action.instanceId, credentials);
        checked.set(action.instanceId, instance);
      }
      const accept = decision === 'accept';
      const ok = await this.deps.store.transitionAction(
        id,
        ['suggested'],
        accept ? 'queued' : 'dismissed',
        { decidedBy: actorOf(credentials) },
        {
          type: accept ? 'suggestion.accepted' : 'suggestion.dismissed',
          actor: actorOf(credentials),
          appKey: instance.appKey,
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
        accept
          ? trx => this.enqueueActs(trx, [id]).then(() => undefined)
          : undefined,
      );
      (ok ? changed : unchanged).push(id);
    }
    if (changed.length) this.deps.onWork?.();
    return { changed, unchanged };
  }

  // -------------------------------------------------------------- opt-outs

  /** The warnings waiting on the caller: changes they may still opt out of. */
  async myWarnings({
    credentials,
  }: Creds): Promise<
    Array<WorkflowAction & { instanceLabel: string; allowOptOut: boolean }>
  > {
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    if (!ref) throw new NotAllowedError('Only people have warnings');
    const oktaUserId = await this.deps.store.oktaUserIdOf(ref);
    if (!oktaUserId) return [];
    // Every warning, with how it ended (kept, changed, skipped): the link
    // in a warning keeps working after the deadline.
    const { items } = await this.deps.store.listActions({
      oktaUserId,
      warned: true,
      limit: 100,
    });
    const out = [];
    for (const a of items) {
      const run = await this.deps.store.getRunHeader(a.runId);
      const instance = await this.deps.inventory.getInstance(a.instanceId);
      out.push({
        ...publicAction(a),
        instanceLabel: instance?.label ?? a.instanceId,
        allowOptOut: Boolean(run?.definition.notifications.allowOptOut),
      });
    }
    return out;
  }

  /** The warned person keeps their license; allowed until the deadline. */
  async optOut(
    actionId: string,
    { credentials }: Creds,
  ): Promise<WorkflowAction> {
    const ref = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const action = await this.deps.store.getAction(actionId);
    const oktaUserId = ref
      ? await this.deps.store.oktaUserIdOf(ref)
      : undefined;
    if (!action || !oktaUserId || action.oktaUserId !== oktaUserId) {
      // The same answer whether or not the action exists: ids are not guessable, but do not confirm them.
      throw new NotFoundError(`No warning ${actionId} for you`);
    }
    if (action.status === 'opted-out') return publicAction(action);
    const run = await this.deps.store.getRunHeader(action.runId);
    if (!run?.definition.notifications.allowOptOut) {
      throw new NotAllowedError(
        'This change does not allow opting out; ask the app admin',
      );
    }
    const now = this.now();
    if (
      action.status !== 'notified' ||
      !action.deadline ||
      Date.parse(action.deadline) <= now
    ) {
      throw new ConflictError(
        `Too late to opt out: the change is ${
          action.status === 'done' ? 'done' : 'under way'
        }`,
      );
    }
    const instance = await this.deps.inventory.getInstance(action.instanceId);
    const ok = await this.deps.store.transitionAction(
      actionId,
      ['notified'],
      'opted-out',
      { detail: `Kept by ${ref}`, decidedBy: ref },
      {
        type: 'action.opted-out',
        actor: ref!,
        appKey: instance?.appKey,
        instanceId: action.instanceId,
        runId: action.runId,
        actionId,
        detail: { oktaUserId, email: action.email },
      },
      now,
    );
    if (!ok)
      throw new ConflictError('Too late to opt out: the change is under way');
    return publicAction((await this.deps.store.getAction(actionId))!);
  }

  // --------------------------------------------------------------- results

  async results(
    instanceId: string,
    { credentials }: Creds,
  ): Promise<WorkflowResults> {
    await this.readable(instanceId, credentials);
    const now = this.now();
    const [series, totals, runs, suggestions] = await Promise.all([
      this.deps.store.resultsSeries(instanceId, now, 91),
      this.deps.store.actionTotals(instanceId),
      this.deps.store.listRuns({ instanceId, limit: 20 }),
      this.deps.store.openSuggestions([instanceId]),
    ]);
    return {
      instanceId,
      series,
      actions: totals.counts,
      monthlySaving: totals.monthlySaving,
      openSuggestions: suggestions.get(instanceId) ?? 0,
      runs: runs.map(publicRun),
    };
  }

  // ----------------------------------------------------------- audit events

  async listEvents(
    filter: {
      fromMs?: number;
      toMs?: number;
      appKey?: string;
      instanceId?: string;
      types?: string[];
      actor?: string;
      runId?: string;
      cursor?: string;
      limit: number;
    },
    { credentials }: Creds,
  ): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
    // Service callers (an audit export with a static token) read everything.
    if ((credentials.principal as { type?: string }).type === 'service') {
      return this.deps.store.listEvents({
        ...filter,
        appKeys: filter.appKey ? [filter.appKey] : undefined,
      });
    }
    // The apps whose history the caller may read; super admins read all
    // (including events of no app, such as global exemptions).
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: provisioningWorkflowsHistoryReadPermission }],
      { credentials },
    );
    let appKeys: string[] | undefined;
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('Only admins may read workflow audit events');
    }
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      const apps = await this.deps.inventory.listApps();
      appKeys = apps
        .map(a => a.key)
        .filter(key => this.appAuthorizer(decision, this.appResource(key)));
      if (appKeys.length === 0) {
        throw new NotAllowedError(
          'Only admins may read workflow audit events; you administer no app',
        );
      }
      if (filter.appKey) appKeys = appKeys.filter(k => k === filter.appKey);
    } else if (filter.appKey) {
      appKeys = [filter.appKey];
    }
    return this.deps.store.listEvents({ ...filter, appKeys });
  }

  // ------------------------------------------------------------ background

  /**
   * The periodic work of one replica (the scheduler runs it on one at a
   * time): start scheduled runs that are due, execute runs whose warning
   * period ended, and close runs with nothing left to do.
   */
  async tick(): Promise<{
    scheduled: number;
    executing: number;
    finished: number;
  }> {
    const now = this.now();
    let scheduled = 0;
    for (const workflow of await this.deps.store.dueWorkflows(now)) {
      const instance = await this.deps.inventory.getInstance(
        workflow.instanceId,
      );
      const slot = Date.parse(workflow.nextRunAt!);
      if (instance && instance.status !== 'REMOVED') {
        // One run per slot: the unique slot index makes a second start a no-op.
        if (
          await this.createRun(instance, workflow, {
            trigger: 'schedule',
            dryRun: false,
            actor: SYSTEM_ACTOR,
            scheduledForMs: slot,
          })
        ) {
          scheduled++;
        }
      }
      await this.deps.store.setNextRun(
        workflow.instanceId,
        workflow.schedule
          ? nextCronRun(workflow.schedule, Math.max(now, slot))
          : null,
      );
    }
    let executing = 0;
    for (const run of await this.deps.store.runsPastDeadline(now)) {
      if (
        await this.deps.store.startExecuting(run.id, now, (trx, ids) =>
          this.enqueueActs(trx, ids).then(() => undefined),
        )
      ) {
        executing++;
      }
    }
    if (executing) this.deps.onWork?.();
    const appKeys = new Map(
      (await this.deps.inventory.listApps()).flatMap(a =>
        a.instances.map(i => [i.id, a.key] as const),
      ),
    );
    const finished = await this.deps.store.finishIdleRuns(now, id =>
      appKeys.get(id),
    );
    return { scheduled, executing, finished: finished.length };
  }

  private enqueueActs(trx: Knex.Transaction, actionIds: string[]) {
    return this.deps.jobs.enqueue(
      actionIds.map(id => ({
        type: JOB_TYPES.act,
        key: `act:${id}`,
        payload: { actionId: id },
        maxAttempts: 10,
      })),
      { trx },
    );
  }

  /** Job handlers, for the plugin's job runner. */
  handlers(): Record<string, JobHandler> {
    return {
      [JOB_TYPES.plan]: job => this.planJob(job),
      [JOB_TYPES.act]: (job, ctx) => this.actJob(job, ctx.signal),
      [JOB_TYPES.warn]: job => this.warnJob(job),
    };
  }

  /** Called when a plan job gave up: the run fails with the reason. */
  async planFailed(job: Job, error: string) {
    const runId = (job.payload as { runId: string }).runId;
    const run = await this.deps.store.getRunHeader(runId);
    if (!run) return;
    const instance = await this.cachedInstance(run.instanceId);
    await this.deps.store.failRun(
      runId,
      error,
      {
        type: 'run.finished',
        actor: SYSTEM_ACTOR,
        appKey: instance?.appKey,
        instanceId: run.instanceId,
        runId,
        detail: { status: 'failed', error },
      },
      this.now(),
    );
  }

  /** Called when an act job gave up: the action fails with the reason. */
  async actFailed(job: Job, error: string) {
    await this.markActFailed(job, error);
    await this.finishRunIfDone(job);
  }

  private async markActFailed(job: Job, error: string) {
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await this.deps.store.getAction(actionId);
    if (!action) return;
    const instance = await this.cachedInstance(action.instanceId);
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

  private async planJob(job: Job): Promise<JobJson> {
    const runId = (job.payload as { runId: string }).runId;
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new PermanentError(`No workflow run ${runId}`);
    if (run.status !== 'planning') return { planned: false };
    const instance = await this.deps.inventory.getInstance(run.instanceId);
    if (!instance)
      throw new PermanentError(`No app instance ${run.instanceId}`);
    const def = run.definition;
    const now = this.now();
    const { entries } = await this.deps.store.preview(run.instanceId, def, now);
    const warn = def.notifications.enabled;
    const deadlineMs = warn
      ? now + def.notifications.daysBefore * DAY_MS
      : undefined;
    const statusOf = (entry: {
      suggestOnly: boolean;
    }): WorkflowActionStatus => {
      if (run.dryRun) return 'dry-run';
      if (entry.suggestOnly || run.mode === 'suggest') return 'suggested';
      return warn ? 'notified' : 'queued';
    };
    const planned = entries.map(entry => ({
      id: randomUUID(),
      entry,
      status: statusOf(entry),
    }));
    const acting = planned.filter(
      p => p.status === 'queued' || p.status === 'notified',
    );
    let next: {
      status: 'succeeded' | 'waiting' | 'executing';
      deadlineMs?: number;
      finished: boolean;
    };
    if (run.dryRun || acting.length === 0) {
      next = { status: 'succeeded', finished: true };
    } else if (warn) {
      next = { status: 'waiting', deadlineMs, finished: false };
    } else {
      next = { status: 'executing', finished: false };
    }
    const events: NewAuditEvent[] = [];
    if (next.finished) {
      const counts: Record<string, number> = {};
      for (const p of planned) counts[p.status] = (counts[p.status] ?? 0) + 1;
      events.push({
        type: 'run.finished',
        actor: SYSTEM_ACTOR,
        appKey: instance.appKey,
        instanceId: instance.id,
        runId,
        detail: { status: 'succeeded', counts, dryRun: run.dryRun },
      });
    }
    for (const p of planned.filter(x => x.status === 'notified')) {
      events.push({
        type: 'action.notified',
        actor: SYSTEM_ACTOR,
        appKey: instance.appKey,
        instanceId: instance.id,
        runId,
        actionId: p.id,
        detail: {
          oktaUserId: p.entry.oktaUserId,
          email: p.entry.email,
          deadline: new Date(deadlineMs!).toISOString(),
        },
      });
    }
    await this.deps.store.planRun(
      runId,
      planned,
      next,
      events,
      now,
      async trx => {
        await this.enqueueActs(
          trx,
          planned.filter(p => p.status === 'queued').map(p => p.id),
        );
        await this.deps.jobs.enqueue(
          planned
            .filter(p => p.status === 'notified')
            .map(p => ({
              type: JOB_TYPES.warn,
              key: `warn:${p.id}`,
              payload: { actionId: p.id },
            })),
          { trx },
        );
      },
    );
    this.deps.onWork?.();
    return { planned: planned.length };
  }

  private async warnJob(job: Job): Promise<JobJson> {
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await this.deps.store.getAction(actionId);
    if (!action || action.status !== 'notified') return { sent: false };
    const entityRef = await this.deps.store.entityRefOf(action.oktaUserId);
    if (!entityRef || !this.deps.warn) {
      return {
        sent: false,
        reason: entityRef ? 'no notification channel' : 'not in the catalog',
      };
    }
    const run = await this.deps.store.getRunHeader(action.runId);
    const instance = await this.cachedInstance(action.instanceId);
    await this.deps.warn({
      entityRef,
      action,
      instanceLabel: instance?.label ?? action.instanceId,
      deadline: action.deadline!,
      allowOptOut: Boolean(run?.definition.notifications.allowOptOut),
    });
    return { sent: true };
  }

  private async actJob(job: Job, signal: AbortSignal): Promise<JobJson> {
    const result = await this.act(job, signal);
    await this.finishRunIfDone(job);
    return result;
  }

  /** Ends the run of an action that just ended, if nothing else is left (the tick does it otherwise). */
  private async finishRunIfDone(job: Job) {
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await this.deps.store.getAction(actionId);
    if (!action) return;
    const instance = await this.cachedInstance(action.instanceId);
    await this.deps.store.finishIdleRuns(
      this.now(),
      () => instance?.appKey,
      action.runId,
    );
  }

  private async act(job: Job, signal: AbortSignal): Promise<JobJson> {
    const actionId = (job.payload as { actionId: string }).actionId;
    const action = await this.deps.store.getAction(actionId);
    if (!action) throw new PermanentError(`No workflow action ${actionId}`);
    if (action.status !== 'queued') return { skipped: action.status };
    const instance = await this.cachedInstance(action.instanceId);
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
    const last = await this.deps.store.lastSignIn(
      action.oktaUserId,
      action.instanceId,
    );
    if (last !== undefined && last > (action.lastSignInMs ?? -1)) {
      const detail = `Signed in again on ${new Date(last).toISOString()}`;
      await this.deps.store.transitionAction(
        actionId,
        ['queued'],
        'skipped',
        { detail },
        event('action.skipped', { reason: detail }),
        now,
      );
      return { skipped: 'signed-in-again' };
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
      },
      { logger: this.deps.logger, idempotencyKey: `act:${actionId}`, signal },
    );
    if (outcome.status === 'failed') {
      await this.deps.store.transitionAction(
        actionId,
        ['queued'],
        'failed',
        { detail: outcome.reason },
        event('action.failed', { error: outcome.reason }),
        this.now(),
      );
      return { failed: outcome.reason };
    }
    await this.deps.store.completeAction(
      action,
      outcome.detail,
      event('action.done', { result: outcome.detail }),
      this.now(),
    );
    return { done: outcome.detail };
  }
}
