import {
  PreviewEntry,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { PlannedEntry } from '../database/types';
import { iso, num } from '../database/util';
import { PreviewMatchRow } from '../database/operations/preview/preview';
import { WorkflowStore } from '../database/WorkflowStore';
import { AsOf, compileCounts, compileMatches } from './ruleSql';

/** A matched person, with their sign-in days around a backtest's day. */
export type EvaluatedEntry = PlannedEntry & {
  lastSignInDay?: string;
  signedInAgainOn?: string;
};

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
  return evaluateWorkflow(store, instanceId, definition, nowMs);
}

/**
 * The preview's evaluation, now or (with `asOf`, `nowMs` then the last
 * millisecond of its day) over the assignments and activity of the past:
 * the same compiled rules, a different source of assignments and sign-ins.
 */
export async function evaluateWorkflow(
  store: WorkflowStore,
  instanceId: string,
  definition: WorkflowDefinition,
  nowMs: number,
  asOf?: AsOf,
): Promise<{ entries: EvaluatedEntry[]; assigned: number; exempt: number }> {
  if (definition.rules.length === 0) {
    return { entries: [], assigned: 0, exempt: 0 };
  }
  const sqlite = store.sumsActivityPerPerson();
  // The counts do not depend on the rules: asked for first, they run
  // (PostgreSQL, on a second connection) while the people are matched and
  // mapped. SQLite's one connection runs them in turn.
  const counts = store.previewCounts(
    compileCounts(definition, { instanceId, nowMs, sqlite, asOf }),
  );
  // Awaited at the end; should the matching fail first, this is no unhandled rejection.
  counts.catch(() => undefined);
  // The tiers give a downgrade its target (rank, group, price); a
  // workflow without one has no use for them, and need not wait for them.
  const tiers = definition.rules.some(r => r.outcome.action === 'downgrade')
    ? await store.tiersOf(instanceId)
    : [];
  const tierByName = new Map(tiers.map(t => [t.tier, t]));
  const matching = compileMatches(definition, {
    instanceId,
    nowMs,
    rankOf: tier => {
      const t = tierByName.get(tier);
      return t ? Number(t.rank) : undefined;
    },
    perPersonSums: sqlite,
    asOf,
  })!;
  const rows: Array<
    PreviewMatchRow & { last_day?: string | null; back_day?: string | null }
  > = asOf
    ? await store.backtestMatches(matching, {
        instanceId,
        asOfDay: asOf.asOfDay,
      })
    : await store.previewMatches(matching);

  // What each rule makes of a person, worked out once per rule rather than
  // per matched person (tens of thousands of them).
  const outcomes = definition.rules.map((rule, i) => {
    const toTier =
      rule.outcome.action === 'downgrade' ? rule.outcome.toTier : undefined;
    const target = toTier ? tierByName.get(toTier) : undefined;
    const targetPrice = num(target?.monthly_price) ?? 0;
    return {
      ruleName: rule.name ?? `Rule ${i + 1}`,
      action: rule.outcome.action,
      toTier,
      suggestOnly: Boolean(rule.outcome.suggestOnly),
      toGroupId: target?.group_id ?? undefined,
      saving: (price: number) =>
        Math.max(
          0,
          Math.round(
            (rule.outcome.action === 'deprovision'
              ? price
              : price - targetPrice) * 100,
          ) / 100,
        ),
    };
  });
  const entries = rows.map((r): EvaluatedEntry => {
    const rule = Number(r.rule_index);
    const o = outcomes[rule];
    return {
      oktaUserId: r.okta_user_id,
      email: r.email ?? undefined,
      displayName: r.display_name ?? undefined,
      rule,
      ruleName: o.ruleName,
      currentTier: r.tier ?? undefined,
      action: o.action,
      toTier: o.toTier,
      suggestOnly: o.suggestOnly,
      lastSignInMs: num(r.last_sign_in_ms),
      assignedMs: Number(r.first_seen_ms),
      monthlySaving: o.saving(num(r.monthly_price) ?? 0),
      scope: r.scope,
      fromGroupId: r.group_id ?? undefined,
      toGroupId: o.toGroupId,
      ...(asOf
        ? {
            lastSignInDay: r.last_day ?? undefined,
            signedInAgainOn: r.back_day ?? undefined,
          }
        : {}),
    };
  });
  return { entries, ...(await counts) };
}

/** A planned entry as people see it in a preview. */
export function toPreviewEntry(e: PlannedEntry): PreviewEntry {
  return {
    oktaUserId: e.oktaUserId,
    email: e.email,
    displayName: e.displayName,
    rule: e.rule,
    ruleName: e.ruleName,
    currentTier: e.currentTier,
    action: e.action,
    toTier: e.toTier,
    suggestOnly: e.suggestOnly,
    lastSignIn: iso(e.lastSignInMs),
    assignedAt: iso(e.assignedMs)!,
    monthlySaving: e.monthlySaving,
  };
}
