import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AppInstance,
  InstanceWorkflowSummary,
  RECOMMENDED_WORKFLOWS,
  Workflow,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../../database/InventoryStore';
import { NewAuditEvent } from '../../database/types';
import { WorkflowStore } from '../../database/WorkflowStore';
import { previewWorkflow, toPreviewEntry } from '../../engine/preview';
import { definitionOf } from '../../engine/RunPlanner';
import { nextCronRun } from '../../engine/WorkflowTicker';
import { actorOf, publicRun, requireInstance } from '../common';
import { WorkflowsService } from './types';

/**
 * Checks a definition against the instance; throws a 400 naming the field
 * (`rules.1.outcome.toTier: …`) and what to do. A downgrade goes only to a
 * lower tier: never to the highest, never to one at or above a tier the
 * rule applies to.
 */
export function validateDefinition(
  definition: WorkflowDefinition,
  instance: AppInstance,
  nowMs: number,
) {
  const tiers = instance.tiers;
  const rankOf = (key: string) => tiers.findIndex(t => t.tier === key);
  const names = tiers.map(t => t.displayName).join(', ') || 'not set up yet';
  const problems: string[] = [];
  definition.rules.forEach((rule, i) => {
    (rule.tiers ?? []).forEach((tier, j) => {
      if (rankOf(tier) < 0) {
        problems.push(
          `rules.${i}.tiers.${j}: ${instance.label} has no tier '${tier}'; its tiers are ${names}`,
        );
      }
    });
    if (rule.outcome.action !== 'downgrade') return;
    const field = `rules.${i}.outcome.toTier`;
    const rank = rankOf(rule.outcome.toTier);
    if (rank < 0) {
      problems.push(
        `${field}: cannot downgrade to '${rule.outcome.toTier}': ${instance.label} has no such tier; its tiers are ${names}`,
      );
      return;
    }
    const target = tiers[rank];
    if (rank === tiers.length - 1) {
      problems.push(
        `${field}: ${target.displayName} is the highest tier of ${instance.label}; pick a lower tier to downgrade to`,
      );
      return;
    }
    const notAbove = (rule.tiers ?? [])
      .filter(t => rankOf(t) >= 0 && rankOf(t) <= rank)
      .map(t => tiers[rankOf(t)].displayName);
    if (notAbove.length) {
      problems.push(
        `${field}: ${target.displayName} is not below ${notAbove.join(
          ', ',
        )}, which the rule applies to; downgrade to a lower tier, or apply the rule only to tiers above ${
          target.displayName
        }`,
      );
    }
    // A target without an Okta group is allowed: Okta cannot move anyone
    // to it, so each change goes to IT as a ticket (see ItTickets).
  });
  if (problems.length) throw new InputError(problems.join('; '));
  if (
    definition.notifications.enabled &&
    definition.notifications.daysBefore < 1
  ) {
    throw new InputError(
      'notifications.daysBefore: warnings need at least 1 day before the change',
    );
  }
  if (definition.schedule) nextCronRun(definition.schedule, nowMs);
}

/**
 * Workflow set-up, without authorization (see AuthorizedWorkflowsService):
 * definitions and their checks, the next scheduled run, preview, exempt
 * lists and the audit events.
 */
export class DefaultWorkflowsService implements WorkflowsService {
  constructor(
    private readonly deps: {
      store: WorkflowStore;
      inventory: InventoryStore;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async listInstances(options: { appKeys?: string[] }) {
    const { store, inventory } = this.deps;
    const apps = await inventory.listApps();
    const instances = apps
      .filter(a => !options.appKeys || options.appKeys.includes(a.key))
      .flatMap(a => a.instances)
      .filter(i => i.status !== 'REMOVED');
    const workflows = new Map(
      (await store.listWorkflows()).map(w => [w.instanceId, w]),
    );
    const suggestions = await store.openSuggestions(instances.map(i => i.id));
    const out: InstanceWorkflowSummary[] = [];
    for (const i of instances) {
      const [lastRun] = await store.listRuns({ instanceId: i.id, limit: 1 });
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

  async getInstance(instanceId: string) {
    const instance = await requireInstance(this.deps.inventory, instanceId);
    const workflow = await this.deps.store.getWorkflow(instanceId);
    // The lowest tier people can be moved to (it has a group), below the highest.
    const lowestTier = instance.tiers.slice(0, -1).find(t => t.groupId)?.tier;
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

  async saveWorkflow(
    instanceId: string,
    definition: WorkflowDefinition,
    { credentials }: Parameters<WorkflowsService['saveWorkflow']>[2],
  ): Promise<Workflow> {
    const instance = await requireInstance(this.deps.inventory, instanceId);
    validateDefinition(definition, instance, this.now());
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
    { credentials }: Parameters<WorkflowsService['setStatus']>[2],
  ): Promise<Workflow> {
    const instance = await requireInstance(this.deps.inventory, instanceId);
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

  async preview(
    instanceId: string,
    definition: WorkflowDefinition | undefined,
    options: { limit: number },
  ) {
    const instance = await requireInstance(this.deps.inventory, instanceId);
    const def = definition ?? (await this.deps.store.getWorkflow(instanceId));
    if (!def) {
      throw new ConflictError(
        `${instance.label} has no workflow yet; pass one to preview`,
      );
    }
    const now = this.now();
    validateDefinition(def, instance, now);
    const { entries, assigned, exempt } = await previewWorkflow(
      this.deps.store,
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
      entries: entries.slice(0, options.limit).map(toPreviewEntry),
    };
  }

  async listExemptions(scope: string) {
    return this.deps.store.listExemptions([scope]);
  }

  async addExemptions(
    scope: string,
    entries: Parameters<WorkflowsService['addExemptions']>[1],
    { credentials }: Parameters<WorkflowsService['addExemptions']>[2],
  ) {
    const appKey = await this.appKeyOfScope(scope);
    const normalized = entries.map(e => ({
      ...e,
      value: e.kind === 'user' ? e.value.trim().toLowerCase() : e.value.trim(),
    }));
    const added = await this.deps.store.addExemptions(
      scope,
      normalized,
      actorOf(credentials),
      { appKey, instanceId: scope === 'global' ? undefined : scope },
      this.now(),
    );
    return { added, exemptions: await this.deps.store.listExemptions([scope]) };
  }

  async removeExemption(
    id: string,
    { credentials }: Parameters<WorkflowsService['removeExemption']>[1],
  ): Promise<void> {
    const exemption = await this.deps.store.getExemption(id);
    if (!exemption) throw new NotFoundError(`No exemption ${id}`);
    await this.deps.store.removeExemption(
      id,
      {
        type: 'exemption.removed',
        actor: actorOf(credentials),
        appKey: await this.appKeyOfScope(exemption.scope),
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

  /** The app of an exempt list: none for the global one. */
  private async appKeyOfScope(scope: string): Promise<string | undefined> {
    if (scope === 'global') return undefined;
    return (await requireInstance(this.deps.inventory, scope)).appKey;
  }

  async listEvents(filter: Parameters<WorkflowsService['listEvents']>[0]) {
    return this.deps.store.listEvents({
      ...filter,
      appKeys: filter.appKeys ?? (filter.appKey ? [filter.appKey] : undefined),
    });
  }
}
