import { RuleRegret } from '@internal/plugin-provisioning-workflows-common';
import { WorkflowDbContext } from '../context';

type Group = {
  run_id: string;
  rule: number | string;
  n: number | string;
  saving: number | string | null;
};

const cents = (v: number) => Math.round(v * 100) / 100;

/**
 * Regret per rule of an instance's real runs: changes made (actions done),
 * restores done, the regret rate and what is left of the savings. Rules
 * are told apart by their index and name as each run had them, so a rule
 * renamed between runs shows twice.
 */
export async function regretByRule(
  ctx: WorkflowDbContext,
  instanceId: string,
): Promise<RuleRegret[]> {
  const { knex } = ctx;
  const changes: Group[] = await knex('workflow_actions as w')
    .join('workflow_runs as r', 'r.id', 'w.run_id')
    .where({ 'w.instance_id': instanceId, 'w.status': 'done' })
    .where('r.dry_run', false)
    .groupBy('w.run_id', 'w.rule')
    .select(
      'w.run_id',
      'w.rule',
      knex.raw('count(*) as n'),
      knex.raw('sum(w.monthly_saving) as saving'),
    );
  const restores: Group[] = await knex('restores')
    .where({ instance_id: instanceId, status: 'done' })
    .groupBy('run_id', 'rule')
    .select(
      'run_id',
      'rule',
      knex.raw('count(*) as n'),
      knex.raw('sum(monthly_saving) as saving'),
    );
  const runIds = [...new Set(changes.map(c => c.run_id))];
  const definitions = new Map<string, Array<{ name?: string }>>();
  for (let i = 0; i < runIds.length; i += 400) {
    const rows: Array<{ id: string; definition: string }> = await knex(
      'workflow_runs',
    )
      .whereIn('id', runIds.slice(i, i + 400))
      .select('id', 'definition');
    for (const r of rows) definitions.set(r.id, JSON.parse(r.definition).rules);
  }
  const nameOf = (runId: string, rule: number) =>
    definitions.get(runId)?.[rule]?.name || `Rule ${rule + 1}`;
  const restoredBy = new Map(
    restores.map(r => [`${r.run_id}:${Number(r.rule)}`, r]),
  );
  const byRule = new Map<string, RuleRegret>();
  for (const c of changes) {
    const rule = Number(c.rule);
    const ruleName = nameOf(c.run_id, rule);
    const key = `${rule}:${ruleName}`;
    const entry = byRule.get(key) ?? {
      rule,
      ruleName,
      changed: 0,
      restored: 0,
      regretRate: 0,
      netSeats: 0,
      monthlySaving: 0,
      restoredSaving: 0,
      netMonthlySaving: 0,
    };
    const restored = restoredBy.get(`${c.run_id}:${rule}`);
    entry.changed += Number(c.n);
    entry.monthlySaving += Number(c.saving ?? 0);
    entry.restored += Number(restored?.n ?? 0);
    entry.restoredSaving += Number(restored?.saving ?? 0);
    byRule.set(key, entry);
  }
  return [...byRule.values()]
    .map(e => ({
      ...e,
      regretRate: e.changed ? e.restored / e.changed : 0,
      netSeats: e.changed - e.restored,
      monthlySaving: cents(e.monthlySaving),
      restoredSaving: cents(e.restoredSaving),
      netMonthlySaving: cents(e.monthlySaving - e.restoredSaving),
    }))
    .sort((a, b) => a.rule - b.rule || a.ruleName.localeCompare(b.ruleName));
}
