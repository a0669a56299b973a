import {
  AuditEvent,
  AuditEventType,
  Exemption,
  PreviewEntry,
  Workflow,
  WorkflowAction,
  WorkflowActionStatus,
  WorkflowDefinition,
  WorkflowMode,
  WorkflowRule,
  WorkflowRun,
  WorkflowRunStatus,
} from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

export const DAY_MS = 24 * 3600 * 1000;

/** How long a person who kept their license is left out of the same instance's runs. */
export const OPT_OUT_RESPECTED_DAYS = 90;

/** UTC day of an epoch-ms time, `YYYY-MM-DD`. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A preview entry with what execution needs besides what people see. */
export type PlannedEntry = PreviewEntry & {
  scope: 'USER' | 'GROUP';
  fromGroupId?: string;
  toGroupId?: string;
  lastSignInMs?: number;
};

/** An audit event to write in the same transaction as the change it records. */
export type NewAuditEvent = {
  type: AuditEventType;
  actor: string;
  appKey?: string;
  instanceId?: string;
  runId?: string;
  actionId?: string;
  detail?: Record<string, unknown>;
};

export type ActionRecord = WorkflowAction & {
  scope: 'USER' | 'GROUP';
  fromGroupId?: string;
  toGroupId?: string;
  lastSignInMs?: number;
};

export type RunRecord = WorkflowRun & { definition: WorkflowDefinition };

/** Where the final statuses of an action are: no job will change them. */
export const FINAL_ACTION_STATUSES: WorkflowActionStatus[] = [
  'dry-run',
  'done',
  'failed',
  'opted-out',
  'skipped',
  'dismissed',
];

const num = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);
const iso = (v: unknown) =>
  v === null || v === undefined ? undefined : new Date(Number(v)).toISOString();

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/**
 * The SQL condition of one rule over the preview's columns, with its
 * bindings. The activity test comes last: where it is a subquery, it only
 * runs for the people the cheaper tests leave.
 */
function ruleSql(
  rule: WorkflowRule,
  nowMs: number,
  windowSum: (days: number) => { sql: string; bindings: Knex.Value[] },
  rankOf: (tier: string) => number | undefined,
): { sql: string; bindings: Knex.Value[] } {
  const parts: string[] = [];
  const bindings: Knex.Value[] = [];
  const cut = nowMs - rule.condition.days * DAY_MS;
  // Every condition needs the assignment to be at least `days` old.
  parts.push('a.first_seen_ms <= ?');
  bindings.push(cut);
  if (rule.tiers?.length) {
    parts.push(`t.tier in (${rule.tiers.map(() => '?').join(', ')})`);
    bindings.push(...rule.tiers);
  }
  if (rule.outcome.action === 'downgrade') {
    // Only people above the target tier can be downgraded to it.
    parts.push('t.rank > ?');
    bindings.push(rankOf(rule.outcome.toTier) ?? Number.MAX_SAFE_INTEGER);
  }
  switch (rule.condition.type) {
    case 'noSignIn':
      parts.push('(l.last_sign_in_ms is null or l.last_sign_in_ms < ?)');
      bindings.push(cut);
      break;
    case 'neverSignedIn':
      parts.push(
        '(l.last_sign_in_ms is null or l.last_sign_in_ms < a.first_seen_ms)',
      );
      break;
    case 'fewSignIns': {
      const sum = windowSum(rule.condition.days);
      parts.push(`coalesce(${sum.sql}, 0) < ?`);
      bindings.push(...sum.bindings, rule.condition.signIns);
      break;
    }
    default:
      throw new Error(`Unknown condition ${JSON.stringify(rule.condition)}`);
  }
  return { sql: parts.join(' and '), bindings };
}

/**
 * Workflows, exempt lists, runs, actions and audit events. The only knex
 * user for them; every change writes its audit event in the same transaction.
 */
export class WorkflowStore {
  constructor(
    private readonly knex: Knex,
    /** Told of audit events once they are committed (the plugin forwards them to the auditor). */
    private readonly onEvents?: (events: NewAuditEvent[]) => void,
  ) {}

  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(fn);
  }

  // ---------------------------------------------------------------- events

  async addEvents(
    events: NewAuditEvent[],
    nowMs: number,
    trx: Knex | Knex.Transaction = this.knex,
  ) {
    if (this.onEvents && events.length) {
      const committed = (trx as Knex.Transaction).executionPromise;
      if (committed) {
        committed.then(
          () => this.onEvents!(events),
          () => {},
        );
      } else {
        queueMicrotask(() => this.onEvents!(events));
      }
    }
    for (const batch of chunks(events, 400)) {
      await trx('workflow_events').insert(
        batch.map(e => ({
          at_ms: nowMs,
          type: e.type,
          actor: e.actor,
          app_key: e.appKey ?? null,
          instance_id: e.instanceId ?? null,
          run_id: e.runId ?? null,
          action_id: e.actionId ?? null,
          detail: JSON.stringify(e.detail ?? {}),
        })),
      );
    }
  }

  /** Newest first; `cursor` is the id of the last event of the previous page. */
  async listEvents(filter: {
    fromMs?: number;
    toMs?: number;
    appKeys?: string[];
    instanceId?: string;
    types?: string[];
    actor?: string;
    runId?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
    const q = this.knex('workflow_events')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.fromMs !== undefined) q.where('at_ms', '>=', filter.fromMs);
    if (filter.toMs !== undefined) q.where('at_ms', '<', filter.toMs);
    if (filter.appKeys) q.whereIn('app_key', filter.appKeys);
    if (filter.instanceId) q.where('instance_id', filter.instanceId);
    if (filter.types?.length) q.whereIn('type', filter.types);
    if (filter.actor) q.where('actor', filter.actor);
    if (filter.runId) q.where('run_id', filter.runId);
    if (filter.cursor) q.where('id', '<', filter.cursor);
    const rows = await q;
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map(r => ({
        id: String(r.id),
        at: iso(r.at_ms)!,
        type: r.type,
        actor: r.actor,
        appKey: r.app_key ?? undefined,
        instanceId: r.instance_id ?? undefined,
        runId: r.run_id ?? undefined,
        actionId: r.action_id ?? undefined,
        detail: JSON.parse(r.detail),
      })),
      nextCursor:
        rows.length > filter.limit
          ? String(page[page.length - 1].id)
          : undefined,
    };
  }

  // ------------------------------------------------------------- workflows

  private toWorkflow(row: any): Workflow {
    return {
      ...(JSON.parse(row.definition) as WorkflowDefinition),
      instanceId: row.instance_id,
      status: row.status,
      updatedBy: row.updated_by,
      updatedAt: iso(row.updated_at_ms)!,
      nextRunAt: iso(row.next_run_ms),
    };
  }

  async getWorkflow(instanceId: string): Promise<Workflow | undefined> {
    const row = await this.knex('workflows')
      .where({ instance_id: instanceId })
      .first();
    return row ? this.toWorkflow(row) : undefined;
  }

  async listWorkflows(): Promise<Workflow[]> {
    return (await this.knex('workflows').select()).map(r => this.toWorkflow(r));
  }

  async saveWorkflow(
    workflow: {
      instanceId: string;
      definition: WorkflowDefinition;
      status: 'active' | 'paused';
      nextRunMs?: number;
      actor: string;
    },
    event: NewAuditEvent,
    nowMs: number,
  ): Promise<Workflow> {
    await this.knex.transaction(async trx => {
      await trx('workflows')
        .insert({
          instance_id: workflow.instanceId,
          status: workflow.status,
          definition: JSON.stringify(workflow.definition),
          schedule: workflow.definition.schedule ?? null,
          next_run_ms: workflow.nextRunMs ?? null,
          updated_by: workflow.actor,
          updated_at_ms: nowMs,
        })
        .onConflict('instance_id')
        .merge();
      await this.addEvents([event], nowMs, trx);
    });
    return (await this.getWorkflow(workflow.instanceId))!;
  }

  /** Active workflows whose next scheduled run is due. */
  async dueWorkflows(nowMs: number): Promise<Workflow[]> {
    return (
      await this.knex('workflows')
        .where({ status: 'active' })
        .whereNotNull('next_run_ms')
        .where('next_run_ms', '<=', nowMs)
    ).map(r => this.toWorkflow(r));
  }

  // ------------------------------------------------------------ exemptions

  async listExemptions(scopes: string[]): Promise<Exemption[]> {
    const rows = await this.knex('workflow_exemptions')
      .whereIn('scope', scopes)
      .orderBy(['scope', 'kind', 'value']);
    return rows.map(r => ({
      id: r.id,
      scope: r.scope,
      kind: r.kind,
      value: r.value,
      note: r.note ?? undefined,
      addedBy: r.added_by,
      addedAt: iso(r.added_at_ms)!,
    }));
  }

  /** Adds what is not there yet; returns how many were added. */
  async addExemptions(
    scope: string,
    entries: Array<{ kind: 'user' | 'group'; value: string; note?: string }>,
    actor: string,
    event: Omit<NewAuditEvent, 'type' | 'actor'>,
    nowMs: number,
  ): Promise<number> {
    return this.knex.transaction(async trx => {
      let added = 0;
      for (const batch of chunks(entries, 200)) {
        const inserted = await trx('workflow_exemptions')
          .insert(
            batch.map(e => ({
              id: randomUUID(),
              scope,
              kind: e.kind,
              value: e.value,
              note: e.note ?? null,
              added_by: actor,
              added_at_ms: nowMs,
            })),
          )
          .onConflict(['scope', 'kind', 'value'])
          .ignore()
          .returning('value');
        added += inserted.length;
      }
      await this.addEvents(
        [
          {
            ...event,
            type: 'exemption.added',
            actor,
            detail: {
              scope,
              added,
              entries: entries.slice(0, 50).map(e => `${e.kind}:${e.value}`),
            },
          },
        ],
        nowMs,
        trx,
      );
      return added;
    });
  }

  async getExemption(id: string): Promise<Exemption | undefined> {
    const [found] = await this.knex('workflow_exemptions')
      .where({ id })
      .select('scope');
    if (!found) return undefined;
    return (await this.listExemptions([found.scope])).find(e => e.id === id);
  }

  async removeExemption(
    id: string,
    event: NewAuditEvent,
    nowMs: number,
  ): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const n = await trx('workflow_exemptions').where({ id }).delete();
      if (n) await this.addEvents([event], nowMs, trx);
      return n > 0;
    });
  }

  // --------------------------------------------------------------- preview

  /**
   * The people a workflow acts on now: assigned, not exempt (lists of the
   * instance and global ones, groups, new hires), matched by the first rule
   * whose condition holds. One SQL query; only matches leave the database.
   */
  async preview(
    instanceId: string,
    definition: WorkflowDefinition,
    nowMs: number,
  ): Promise<{ entries: PlannedEntry[]; assigned: number; exempt: number }> {
    const knex = this.knex;
    const tiers = await knex('license_tiers')
      .where({ instance_id: instanceId })
      .orderBy('rank');
    const tierByName = new Map(tiers.map(t => [t.tier, t]));
    const rankOf = (tier: string) => {
      const t = tierByName.get(tier);
      return t ? Number(t.rank) : undefined;
    };

    // One sum column per distinct window of the fewSignIns rules.
    const windows = [
      ...new Set(
        definition.rules
          .filter(r => r.condition.type === 'fewSignIns')
          .map(r => r.condition.days),
      ),
    ].sort((a, b) => a - b);
    const windowStart = (days: number) => dayOf(nowMs - (days - 1) * DAY_MS);
    // PostgreSQL sums every window in one hashed pass over the instance's
    // activity (below). SQLite sorts such a pass (5 to 10 s for 2.5 million
    // rows), so it sums the person's own rows, found by index, and only for
    // the people the rule's other tests leave.
    const perPerson = this.knex.client.config.client
      .toString()
      .includes('sqlite');
    const windowSum = (days: number) =>
      perPerson
        ? {
            sql: `(select sum(ad.sign_ins) from activity_daily ad
                   where ad.instance_id = a.instance_id
                     and ad.okta_user_id = a.okta_user_id and ad.day >= ?)`,
            bindings: [windowStart(days)],
          }
        : { sql: `d.s${windows.indexOf(days)}`, bindings: [] };

    const caseParts: string[] = [];
    const caseBindings: Knex.Value[] = [];
    const anyRule: string[] = [];
    const anyRuleBindings: Knex.Value[] = [];
    definition.rules.forEach((rule, i) => {
      const { sql, bindings } = ruleSql(rule, nowMs, windowSum, rankOf);
      caseParts.push(`when ${sql} then ${i}`);
      caseBindings.push(...bindings);
      anyRule.push(`(${sql})`);
      anyRuleBindings.push(...bindings);
    });
    if (caseParts.length === 0) return { entries: [], assigned: 0, exempt: 0 };

    const scopes = ['global', instanceId];
    const hiredAfter =
      definition.newHireDays > 0
        ? nowMs - definition.newHireDays * DAY_MS
        : Number.MAX_SAFE_INTEGER;
    // Exempt: on the instance's or the global list by e-mail, in an exempt
    // catalog group, or a new hire. Written as `not exists … and not exists
    // …`, which databases run as anti-joins: PostgreSQL ran `not (exists …
    // or exists …)` once per assigned person (12 s for 100,000 people).
    const notExemptSql = `not exists (select 1 from workflow_exemptions e
              where e.kind = 'user' and e.scope in (?, ?) and e.value = p.email)
      and not exists (select 1 from person_teams pt
                 join workflow_exemptions e
                   on e.kind = 'group' and e.scope in (?, ?) and e.value = pt.group_ref
                 where pt.entity_ref = p.entity_ref)
      and (p.okta_created_ms is null or p.okta_created_ms <= ?)
      and not exists (select 1 from workflow_actions o
              where o.instance_id = a.instance_id and o.okta_user_id = a.okta_user_id
                and o.status = 'opted-out' and o.updated_at_ms > ?)`;
    // People who chose to keep their license are left alone for a while.
    const optedOutAfter = nowMs - OPT_OUT_RESPECTED_DAYS * DAY_MS;
    const exemptBindings = [...scopes, ...scopes, hiredAfter, optedOutAfter];

    const activityJoin =
      windows.length && !perPerson
        ? `left join (
           select okta_user_id, ${windows
             .map(
               (_, i) =>
                 `sum(case when day >= ? then sign_ins else 0 end) as s${i}`,
             )
             .join(', ')}
           from activity_daily
           where instance_id = ? and day >= ?
           group by okta_user_id
         ) d on d.okta_user_id = a.okta_user_id`
        : '';
    const activityBindings =
      windows.length && !perPerson
        ? [
            ...windows.map(windowStart),
            instanceId,
            windowStart(windows[windows.length - 1]),
          ]
        : [];

    // "Some rule holds", the same test as the case's, in the where clause:
    // PostgreSQL then drops the people no rule selects as soon as it has
    // their assignment and sign-ins, before the other joins and the exempt
    // lists (it cannot see through the case). SQLite already moves the outer
    // test inside, and would run the per-person sums a second time.
    const prefilter = perPerson ? '' : `and (${anyRule.join(' or ')})`;
    const prefilterBindings = perPerson ? [] : anyRuleBindings;

    // The people and the counts are asked for together: on PostgreSQL they
    // run side by side on two connections (SQLite's one runs them in turn).
    const matching = knex.raw(
      `select * from (
         select a.okta_user_id, a.scope, a.group_id, a.first_seen_ms,
                p.email, p.display_name, t.tier, t.monthly_price,
                l.last_sign_in_ms,
                case ${caseParts.join(' ')} end as rule_index
         from assignments a
         left join people p on p.okta_user_id = a.okta_user_id
         left join license_tiers t
           on t.instance_id = a.instance_id and t.group_id = a.group_id
         left join activity_last l
           on l.instance_id = a.instance_id and l.okta_user_id = a.okta_user_id
         ${activityJoin}
         where a.instance_id = ? and a.removed_ms is null
           ${prefilter}
           and ${notExemptSql}
       ) x
       where rule_index is not null
       order by rule_index, email, okta_user_id`,
      [
        ...caseBindings,
        ...activityBindings,
        instanceId,
        ...prefilterBindings,
        ...exemptBindings,
      ],
    );

    // `in (uncorrelated subquery)`: each exempt list is read once and
    // hashed (PostgreSQL) or indexed (SQLite), not searched per person.
    // A null e-mail or catalog ref is not exempt, as with `exists`.
    const counting = knex.raw(
      `select count(*) as assigned,
              sum(case when p.email in (
                          select e.value from workflow_exemptions e
                          where e.kind = 'user' and e.scope in (?, ?))
                         or p.entity_ref in (
                          select pt.entity_ref from person_teams pt
                          join workflow_exemptions e
                            on e.kind = 'group' and e.scope in (?, ?)
                           and e.value = pt.group_ref)
                         or p.okta_created_ms > ?
                         or a.okta_user_id in (
                          select o.okta_user_id from workflow_actions o
                          where o.instance_id = ? and o.status = 'opted-out'
                            and o.updated_at_ms > ?)
                       then 1 else 0 end) as exempt
       from assignments a
       left join people p on p.okta_user_id = a.okta_user_id
       where a.instance_id = ? and a.removed_ms is null`,
      [...scopes, ...scopes, hiredAfter, instanceId, optedOutAfter, instanceId],
    );
    const [rows, countRows]: any[] = await Promise.all([matching, counting]);
    const result: any[] = Array.isArray(rows) ? rows : rows.rows;
    const counts: any[] = Array.isArray(countRows) ? countRows : countRows.rows;

    const entries = result.map((r): PlannedEntry => {
      const rule = definition.rules[Number(r.rule_index)];
      const price = num(r.monthly_price) ?? 0;
      const toTier =
        rule.outcome.action === 'downgrade' ? rule.outcome.toTier : undefined;
      const target = toTier ? tierByName.get(toTier) : undefined;
      const targetPrice = num(target?.monthly_price) ?? 0;
      return {
        oktaUserId: r.okta_user_id,
        email: r.email ?? undefined,
        displayName: r.display_name ?? undefined,
        rule: Number(r.rule_index),
        ruleName: rule.name ?? `Rule ${Number(r.rule_index) + 1}`,
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
    return {
      entries,
      assigned: Number(counts[0].assigned),
      exempt: Number(counts[0].exempt ?? 0),
    };
  }

  // ------------------------------------------------------------------ runs

  private toRun(row: any, counts: Record<string, number>): RunRecord {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const finished = FINAL_ACTION_STATUSES.reduce(
      (sum, s) => sum + (counts[s] ?? 0),
      0,
    );
    return {
      id: row.id,
      instanceId: row.instance_id,
      trigger: row.trigger,
      dryRun: Boolean(row.dry_run),
      mode: row.mode,
      status: row.status,
      actor: row.actor,
      startedAt: iso(row.started_at_ms)!,
      finishedAt: iso(row.finished_at_ms),
      deadline: iso(row.deadline_ms),
      counts,
      total,
      finished,
      error: row.error ?? undefined,
      definition: JSON.parse(row.definition),
    };
  }

  private async actionCounts(
    runIds: string[],
    db: Knex | Knex.Transaction = this.knex,
  ): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    for (const id of runIds) out.set(id, {});
    for (const batch of chunks(runIds, 500)) {
      const rows = await db('workflow_actions')
        .whereIn('run_id', batch)
        .groupBy('run_id', 'status')
        .select('run_id', 'status', this.knex.raw('count(*) as n'));
      for (const r of rows) out.get(r.run_id)![r.status] = Number(r.n);
    }
    return out;
  }

  /** A run without its action counts: cheap, for per-action work. */
  async getRunHeader(id: string): Promise<RunRecord | undefined> {
    const row = await this.knex('workflow_runs').where({ id }).first();
    return row ? this.toRun(row, {}) : undefined;
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = await this.knex('workflow_runs').where({ id }).first();
    if (!row) return undefined;
    return this.toRun(row, (await this.actionCounts([id])).get(id)!);
  }

  async listRuns(filter: {
    instanceId?: string;
    statuses?: WorkflowRunStatus[];
    limit: number;
  }): Promise<RunRecord[]> {
    const q = this.knex('workflow_runs')
      .orderBy('started_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.instanceId) q.where({ instance_id: filter.instanceId });
    if (filter.statuses) q.whereIn('status', filter.statuses);
    const rows = await q;
    const counts = await this.actionCounts(rows.map(r => r.id));
    return rows.map(r => this.toRun(r, counts.get(r.id)!));
  }

  /**
   * Records a new run; returns undefined when the schedule slot already has
   * one (another replica started it). `then` runs in the same transaction.
   */
  async createRun(
    run: {
      instanceId: string;
      appKey: string;
      trigger: 'manual' | 'schedule';
      scheduledForMs?: number;
      dryRun: boolean;
      mode: WorkflowMode;
      definition: WorkflowDefinition;
      actor: string;
    },
    nowMs: number,
    then: (trx: Knex.Transaction, runId: string) => Promise<void>,
  ): Promise<string | undefined> {
    return this.knex.transaction(async trx => {
      const id = randomUUID();
      const inserted = await trx('workflow_runs')
        .insert({
          id,
          instance_id: run.instanceId,
          trigger: run.trigger,
          scheduled_for_ms: run.scheduledForMs ?? null,
          dry_run: run.dryRun,
          mode: run.mode,
          status: 'planning',
          definition: JSON.stringify(run.definition),
          actor: run.actor,
          started_at_ms: nowMs,
        })
        .onConflict(['instance_id', 'scheduled_for_ms'])
        .ignore()
        .returning('id');
      if (inserted.length === 0) return undefined;
      await this.addEvents(
        [
          {
            type: 'run.started',
            actor: run.actor,
            appKey: run.appKey,
            instanceId: run.instanceId,
            runId: id,
            detail: {
              trigger: run.trigger,
              dryRun: run.dryRun,
              mode: run.mode,
              scheduledFor: iso(run.scheduledForMs),
            },
          },
        ],
        nowMs,
        trx,
      );
      await then(trx, id);
      return id;
    });
  }

  async setNextRun(instanceId: string, nextRunMs: number | null) {
    await this.knex('workflows')
      .where({ instance_id: instanceId })
      .update({ next_run_ms: nextRunMs });
  }

  /**
   * Writes the planned actions of a run that is still planning, and moves
   * it on; `then` enqueues their jobs in the same transaction. Returns false
   * when the run was planned already (a retried plan job).
   */
  async planRun(
    runId: string,
    planned: Array<{
      id: string;
      entry: PlannedEntry;
      status: WorkflowActionStatus;
    }>,
    next: { status: WorkflowRunStatus; deadlineMs?: number; finished: boolean },
    events: NewAuditEvent[],
    nowMs: number,
    then: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const run = await trx('workflow_runs').where({ id: runId }).first();
      if (!run || run.status !== 'planning') return false;
      for (const batch of chunks(planned, 300)) {
        await trx('workflow_actions').insert(
          batch.map(({ id, entry, status }) => ({
            id,
            run_id: runId,
            instance_id: run.instance_id,
            okta_user_id: entry.oktaUserId,
            email: entry.email ?? null,
            display_name: entry.displayName ?? null,
            rule: entry.rule,
            action: entry.action,
            from_tier: entry.currentTier ?? null,
            to_tier: entry.toTier ?? null,
            from_group_id: entry.fromGroupId ?? null,
            to_group_id: entry.toGroupId ?? null,
            scope: entry.scope,
            status,
            monthly_saving: entry.monthlySaving,
            last_sign_in_ms: entry.lastSignInMs ?? null,
            deadline_ms: next.deadlineMs ?? null,
            detail: null,
            decided_by: null,
            updated_at_ms: nowMs,
          })),
        );
      }
      await trx('workflow_runs')
        .where({ id: runId })
        .update({
          status: next.status,
          deadline_ms: next.deadlineMs ?? null,
          finished_at_ms: next.finished ? nowMs : null,
        });
      await this.addEvents(events, nowMs, trx);
      await then(trx);
      return true;
    });
  }

  async failRun(
    runId: string,
    error: string,
    event: NewAuditEvent,
    nowMs: number,
  ) {
    await this.knex.transaction(async trx => {
      const n = await trx('workflow_runs')
        .where({ id: runId })
        .whereNotIn('status', ['succeeded', 'failed'])
        .update({ status: 'failed', error, finished_at_ms: nowMs });
      if (n) await this.addEvents([event], nowMs, trx);
    });
  }

  /** Runs waiting on their warning period that has ended. */
  async runsPastDeadline(nowMs: number): Promise<RunRecord[]> {
    const rows = await this.knex('workflow_runs')
      .where({ status: 'waiting' })
      .where('deadline_ms', '<=', nowMs);
    return rows.map(r => this.toRun(r, {}));
  }

  /**
   * Moves a waiting run past its deadline to executing: its warned actions
   * are queued (`then` enqueues their jobs). Once only, whoever calls.
   */
  async startExecuting(
    runId: string,
    nowMs: number,
    then: (trx: Knex.Transaction, actionIds: string[]) => Promise<void>,
  ): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const n = await trx('workflow_runs')
        .where({ id: runId, status: 'waiting' })
        .update({ status: 'executing' });
      if (!n) return false;
      const ids = (
        await trx('workflow_actions')
          .where({ run_id: runId, status: 'notified' })
          .select('id')
      ).map(r => r.id);
      for (const batch of chunks(ids, 500)) {
        await trx('workflow_actions')
          .whereIn('id', batch)
          .update({ status: 'queued', updated_at_ms: nowMs });
      }
      await then(trx, ids);
      return true;
    });
  }

  /** Executing runs with nothing left to do become succeeded. */
  async finishIdleRuns(
    nowMs: number,
    appKeyOf: (instanceId: string) => string | undefined,
    runId?: string,
  ): Promise<string[]> {
    const candidates = await this.knex('workflow_runs as r')
      .where('r.status', 'executing')
      .modify(q => {
        if (runId) q.where('r.id', runId);
      })
      .whereNotExists(
        this.knex('workflow_actions as w')
          .whereRaw('w.run_id = r.id')
          .whereIn('w.status', ['queued', 'notified']),
      )
      .select('r.id', 'r.instance_id', 'r.actor');
    const finished: string[] = [];
    for (const c of candidates) {
      await this.knex.transaction(async trx => {
        const n = await trx('workflow_runs')
          .where({ id: c.id, status: 'executing' })
          .update({ status: 'succeeded', finished_at_ms: nowMs });
        if (!n) return;
        const counts = (await this.actionCounts([c.id], trx)).get(c.id)!;
        await this.addEvents(
          [
            {
              type: 'run.finished',
              actor: 'provisioning-workflows',
              appKey: appKeyOf(c.instance_id),
              instanceId: c.instance_id,
              runId: c.id,
              detail: { status: 'succeeded', counts },
            },
          ],
          nowMs,
          trx,
        );
        finished.push(c.id);
      });
    }
    return finished;
  }

  // --------------------------------------------------------------- actions

  private toAction(r: any): ActionRecord {
    return {
      id: r.id,
      runId: r.run_id,
      instanceId: r.instance_id,
      oktaUserId: r.okta_user_id,
      email: r.email ?? undefined,
      displayName: r.display_name ?? undefined,
      rule: Number(r.rule),
      action: r.action,
      fromTier: r.from_tier ?? undefined,
      toTier: r.to_tier ?? undefined,
      status: r.status,
      monthlySaving: Number(r.monthly_saving),
      lastSignIn: iso(r.last_sign_in_ms),
      lastSignInMs: num(r.last_sign_in_ms),
      deadline: iso(r.deadline_ms),
      detail: r.detail ?? undefined,
      updatedAt: iso(r.updated_at_ms)!,
      scope: r.scope,
      fromGroupId: r.from_group_id ?? undefined,
      toGroupId: r.to_group_id ?? undefined,
    };
  }

  async getAction(id: string): Promise<ActionRecord | undefined> {
    const row = await this.knex('workflow_actions').where({ id }).first();
    return row ? this.toAction(row) : undefined;
  }

  async listActions(filter: {
    runId?: string;
    instanceId?: string;
    oktaUserId?: string;
    statuses?: WorkflowActionStatus[];
    /** Only actions people were warned of. */
    warned?: boolean;
    limit: number;
    offset?: number;
  }): Promise<{ items: ActionRecord[]; total: number }> {
    const base = this.knex('workflow_actions');
    if (filter.runId) base.where({ run_id: filter.runId });
    if (filter.instanceId) base.where({ instance_id: filter.instanceId });
    if (filter.oktaUserId) base.where({ okta_user_id: filter.oktaUserId });
    if (filter.statuses) base.whereIn('status', filter.statuses);
    if (filter.warned) base.whereNotNull('deadline_ms');
    const [{ n }] = await base.clone().count({ n: '*' });
    const rows = await base
      .orderBy('updated_at_ms', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset ?? 0);
    return { items: rows.map(r => this.toAction(r)), total: Number(n) };
  }

  /**
   * Changes an action's status if it is still in one of `from`; returns
   * whether it did. The audit event is written in the same transaction.
   */
  async transitionAction(
    id: string,
    from: WorkflowActionStatus[],
    to: WorkflowActionStatus,
    change: { detail?: string; decidedBy?: string },
    event: NewAuditEvent | undefined,
    nowMs: number,
    then?: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const n = await trx('workflow_actions')
        .where({ id })
        .whereIn('status', from)
        .update({
          status: to,
          updated_at_ms: nowMs,
          ...(change.detail !== undefined ? { detail: change.detail } : {}),
          ...(change.decidedBy !== undefined
            ? { decided_by: change.decidedBy }
            : {}),
        });
      if (!n) return false;
      if (event) await this.addEvents([event], nowMs, trx);
      if (then) await then(trx);
      return true;
    });
  }

  /**
   * Records a change made in the system of record, and mirrors it in the
   * inventory at once (the next sync confirms it): a deprovisioned person's
   * assignment ends, a downgraded one holds the new tier's group.
   */
  async completeAction(
    action: ActionRecord,
    detail: string,
    event: NewAuditEvent,
    nowMs: number,
  ): Promise<boolean> {
    return this.transitionAction(
      action.id,
      ['queued'],
      'done',
      { detail },
      event,
      nowMs,
      async trx => {
        const assignment = trx('assignments').where({
          instance_id: action.instanceId,
          okta_user_id: action.oktaUserId,
        });
        if (action.action === 'deprovision') {
          await assignment
            .whereNull('removed_ms')
            .update({ removed_ms: nowMs });
        } else if (action.toGroupId) {
          await assignment.update({ group_id: action.toGroupId });
        }
      },
    );
  }

  /** The latest sign-in of a person on an instance, as ingested. */
  async lastSignIn(
    oktaUserId: string,
    instanceId: string,
  ): Promise<number | undefined> {
    const row = await this.knex('activity_last')
      .where({ okta_user_id: oktaUserId, instance_id: instanceId })
      .first();
    return num(row?.last_sign_in_ms);
  }

  /** Actions counted by status for an instance, and their savings when done. */
  async actionTotals(instanceId: string): Promise<{
    counts: Partial<Record<WorkflowActionStatus, number>>;
    monthlySaving: number;
  }> {
    const rows = await this.knex('workflow_actions as w')
      .join('workflow_runs as r', 'r.id', 'w.run_id')
      .where('w.instance_id', instanceId)
      .where('r.dry_run', false)
      .groupBy('w.status')
      .select(
        'w.status',
        this.knex.raw('count(*) as n'),
        this.knex.raw('sum(w.monthly_saving) as saving'),
      );
    const counts: Partial<Record<WorkflowActionStatus, number>> = {};
    let monthlySaving = 0;
    for (const r of rows) {
      counts[r.status as WorkflowActionStatus] = Number(r.n);
      if (r.status === 'done') monthlySaving = Number(r.saving ?? 0);
    }
    return { counts, monthlySaving: Math.round(monthlySaving * 100) / 100 };
  }

  /**
   * Licenses held and people who signed in, per week over `days` days:
   * assignments alive at the end of each week, distinct people with a
   * sign-in during it.
   */
  async resultsSeries(
    instanceId: string,
    nowMs: number,
    days: number,
  ): Promise<Array<{ day: string; provisioned: number; engaged: number }>> {
    const weeks = Math.ceil(days / 7);
    const ends = Array.from(
      { length: weeks },
      (_, i) => nowMs - (weeks - 1 - i) * 7 * DAY_MS,
    );
    const assignments = await this.knex('assignments')
      .where({ instance_id: instanceId })
      .select('first_seen_ms', 'removed_ms');
    const active = await this.knex('activity_daily')
      .where({ instance_id: instanceId })
      .where('day', '>', dayOf(ends[0] - 7 * DAY_MS))
      .where('sign_ins', '>', 0)
      .select('okta_user_id', 'day');
    return ends.map(end => {
      const provisioned = assignments.filter(
        a =>
          Number(a.first_seen_ms) <= end &&
          (a.removed_ms === null || Number(a.removed_ms) > end),
      ).length;
      const from = dayOf(end - 7 * DAY_MS);
      const to = dayOf(end);
      const engaged = new Set(
        active
          .filter(r => r.day > from && r.day <= to)
          .map(r => r.okta_user_id),
      ).size;
      return { day: to, provisioned, engaged };
    });
  }

  async openSuggestions(instanceIds?: string[]): Promise<Map<string, number>> {
    const q = this.knex('workflow_actions')
      .where({ status: 'suggested' })
      .groupBy('instance_id')
      .select('instance_id', this.knex.raw('count(*) as n'));
    if (instanceIds) q.whereIn('instance_id', instanceIds);
    return new Map((await q).map(r => [r.instance_id, Number(r.n)]));
  }

  /** The person behind a catalog user, for opt-outs. */
  async oktaUserIdOf(entityRef: string): Promise<string | undefined> {
    const row = await this.knex('people')
      .where({ entity_ref: entityRef })
      .whereNotNull('okta_user_id')
      .first();
    return row?.okta_user_id ?? undefined;
  }

  async entityRefOf(oktaUserId: string): Promise<string | undefined> {
    const row = await this.knex('people')
      .where({ okta_user_id: oktaUserId })
      .whereNotNull('entity_ref')
      .first();
    return row?.entity_ref ?? undefined;
  }
}
