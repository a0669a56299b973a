import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import { PlannedEntry } from '../database/types';
import { iso, num } from '../database/util';
import { WorkflowStore } from '../database/WorkflowStore';
import { compilePreview } from './ruleSql';

/**
 * The people a workflow acts on now: assigned, not exempt, matched by the
 * first rule whose condition holds, with the monthly saving of the change.
 * One SQL query (and its counts); only matches leave the database.
 */
export async function previewWorkflow(
  store: WorkflowStore,
  instanceId: string,
  definition: WorkflowDefinition,
  nowMs: number,
): Promise<{ entries: PlannedEntry[]; assigned: number; exempt: number }> {
  const tiers = await store.tiersOf(instanceId);
  const tierByName = new Map(tiers.map(t => [t.tier, t]));
  const compiled = compilePreview(definition, {
    instanceId,
    nowMs,
    rankOf: tier => {
      const t = tierByName.get(tier);
      return t ? Number(t.rank) : undefined;
    },
    perPersonSums: store.sumsActivityPerPerson(),
  });
  if (!compiled) return { entries: [], assigned: 0, exempt: 0 };
  const { rows, assigned, exempt } = await store.runPreview(compiled);

  const entries = rows.map((r): PlannedEntry => {
    const ruleIndex = Number(r.rule_index);
    const rule = definition.rules[ruleIndex];
    const price = num(r.monthly_price) ?? 0;
    const toTier =
      rule.outcome.action === 'downgrade' ? rule.outcome.toTier : undefined;
    const target = toTier ? tierByName.get(toTier) : undefined;
    const targetPrice = num(target?.monthly_price) ?? 0;
    return {
      oktaUserId: r.okta_user_id,
      email: r.email ?? undefined,
      displayName: r.display_name ?? undefined,
      rule: ruleIndex,
      ruleName: rule.name ?? `Rule ${ruleIndex + 1}`,
      currentTier: r.tier ?? undefined,
      action: rule.outcome.action,
      toTier,
      suggestOnly: Boolean(rule.outcome.suggestOnly),
      lastSignIn: iso(r.last_sign_in_ms),
      lastSignInMs: num(r.last_sign_in_ms),
      assignedAt: iso(r.first_seen_ms)!,
      monthlySaving: Math.max(
        0,
        Math.round(
          (rule.outcome.action === 'deprovision'
            ? price
            : price - targetPrice) * 100,
        ) / 100,
      ),
      scope: r.scope,
      fromGroupId: r.group_id ?? undefined,
      toGroupId: target?.group_id ?? undefined,
    };
  });
  return { entries, assigned, exempt };
}
