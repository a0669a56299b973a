/* eslint-disable no-console */
/**
 * Benchmark: the preview of a provisioning workflow (previewWorkflow,
 * what POST .../workflow/preview runs) over an instance with 100,000
 * assigned people and 90 days of SSO activity, on SQLite and PostgreSQL.
 * Each workflow's time is divided by that of one hand-written SQL query
 * returning the same people (and matched rule) on the same database in the
 * same run. Goal: ratio 1.5 or less (it was 2.0), and under 2 s on PostgreSQL.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/workflow-preview.ts [people] [runs] [sqlite,postgres]
 *
 * BENCH_KEEP_DB=1 keeps the databases (and prints where they are) to EXPLAIN the queries.
 * BENCH_REUSE_DB=<kept SQLite file or PostgreSQL database name> measures a kept
 * database again instead of filling a new one (with one engine, the one it is).
 */
import {
  RECOMMENDED_WORKFLOWS,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { applyDatabaseMigrations } from '../plugins/provisioning-workflows-backend/src/database/migrations';
import { createWorkflowStore } from '../plugins/provisioning-workflows-backend/src/database/WorkflowStore';
import { previewWorkflow } from '../plugins/provisioning-workflows-backend/src/engine/preview';
import { seededRandom } from '../packages/sandbox/src';
import { benchDatabase, percentile } from './db';

const DAY = 24 * 3600 * 1000;
export const NOW = Date.parse('2026-11-01T15:00:00.000Z');
export const INSTANCE = '0oabenchcrm';
/** A second, smaller instance, so the tables do not hold one instance only. */
const OTHER = '0oabenchwiki';
const WARMUP = 3;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

// ------------------------------------------------------------------- data

/**
 * Rows written through multi-row inserts: at most 500 rows on SQLite (knex
 * makes a compound select of them), ~30,000 values on PostgreSQL.
 */
class Inserter {
  private rows: Record<string, unknown>[] = [];
  private readonly batch: number;
  count = 0;
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly table: string,
    columns: number,
  ) {
    this.batch =
      trx.client.config.client === 'pg' ? Math.floor(30_000 / columns) : 500;
  }

  async add(row: Record<string, unknown>) {
    this.rows.push(row);
    if (this.rows.length >= this.batch) await this.flush();
  }

  async flush() {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.count += rows.length;
    await this.trx(this.table).insert(rows);
  }
}

type Kind = 'heavy' | 'light' | 'inactive';

/**
 * One organization, the same on both databases (seeded): 100,000 people
 * assigned to INSTANCE in 3 tiers, 3% more whose assignment ended, 90 days of
 * sign-ins, catalog teams, and exempt lists.
 */
export async function fill(
  knex: Knex,
  peopleCount: number,
): Promise<Record<string, number>> {
  const rand = seededRandom(7);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const former = Math.round(peopleCount * 0.03);
  const total = peopleCount + former;
  const teamSize = 12;
  const departments = 20;
  const tiers = [
    { tier: 'basic', group: '00gcrmbasic', price: 12, rank: 0, share: 0.5 },
    { tier: 'standard', group: '00gcrmstd', price: 45, rank: 1, share: 0.35 },
    { tier: 'premium', group: '00gcrmprem', price: 120, rank: 2, share: 0.15 },
  ];
  const tierOf = () => {
    let r = rand();
    for (const t of tiers) {
      if (r < t.share) return t;
      r -= t.share;
    }
    return tiers[tiers.length - 1];
  };
  const email = (i: number) => `person${i}@bench.test`;
  const teamRef = (i: number) =>
    `group:default/team-${Math.floor(i / teamSize)}`;

  // Exempt: a few hundred people and some groups, global and per instance;
  // the other instance's entries must not apply to INSTANCE.
  const leadership = new Set<number>();
  while (leadership.size < 150) leadership.add(Math.floor(rand() * total));
  const exemptions: Array<{ scope: string; kind: string; value: string }> = [];
  const addUsers = (scope: string, n: number) => {
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(email(Math.floor(rand() * total)));
    for (const v of chosen) exemptions.push({ scope, kind: 'user', value: v });
  };
  addUsers('global', 250);
  for (let i = 0; i < 30; i++)
    exemptions.push({
      scope: 'global',
      kind: 'user',
      value: `left${i}@bench.test`,
    });
  addUsers(INSTANCE, 120);
  addUsers(OTHER, 100);
  for (const [scope, value] of [
    ['global', 'group:default/leadership'],
    ['global', 'group:default/contractors-legacy'], // no members
    [INSTANCE, 'group:default/team-7'],
    [INSTANCE, 'group:default/team-4242'],
    [OTHER, 'group:default/dept-3'], // 5,000 members, other instance only
  ])
    exemptions.push({ scope, kind: 'group', value });

  return knex.transaction(async trx => {
    await trx('app_instances').insert(
      [INSTANCE, OTHER].map((id, n) => ({
        id,
        app_key: n === 0 ? 'crm' : 'wiki',
        label: n === 0 ? 'CRM' : 'Wiki',
        sign_on_mode: 'SAML_2_0',
        status: 'ACTIVE',
        first_seen_ms: NOW - 800 * DAY,
        removed_ms: null,
      })),
    );
    await trx('instance_groups').insert([
      ...tiers.map((t, n) => ({
        instance_id: INSTANCE,
        group_id: t.group,
        group_name: `CRM ${t.tier}`,
        priority: n,
      })),
      {
        instance_id: OTHER,
        group_id: '00gwikiall',
        group_name: 'Wiki users',
        priority: 0,
      },
    ]);
    await trx('license_tiers').insert([
      ...tiers.map(t => ({
        instance_id: INSTANCE,
        tier: t.tier,
        group_id: t.group,
        monthly_price: t.price,
        source: 'admin',
        rank: t.rank,
        updated_by: 'user:default/admin',
        updated_at_ms: NOW - 100 * DAY,
      })),
      {
        instance_id: OTHER,
        tier: 'standard',
        group_id: '00gwikiall',
        monthly_price: 8,
        source: 'admin',
        rank: 0,
        updated_by: 'user:default/admin',
        updated_at_ms: NOW - 100 * DAY,
      },
    ]);
    for (const e of exemptions)
      await trx('workflow_exemptions')
        .insert({
          id: randomUUID(),
          ...e,
          note: 'bench',
          added_by: 'user:default/admin',
          added_at_ms: NOW - 10 * DAY,
        })
        .onConflict(['scope', 'kind', 'value'])
        .ignore();

    const people = new Inserter(trx, 'people', 11);
    const teams = new Inserter(trx, 'person_teams', 2);
    const assignments = new Inserter(trx, 'assignments', 6);
    const daily = new Inserter(trx, 'activity_daily', 4);
    const last = new Inserter(trx, 'activity_last', 3);
    const kinds = { heavy: 0, light: 0, inactive: 0 };

    /** Who signs in where, and how often; filled in day by day below. */
    const subjects: Array<{
      oktaUserId: string;
      instanceId: string;
      assignedMs: number;
      kind: Kind;
      rate: number;
      lastMs?: number;
    }> = [];
    const activity = (
      oktaUserId: string,
      instanceId: string,
      assignedMs: number,
      kind: Kind,
    ) =>
      subjects.push({
        oktaUserId,
        instanceId,
        assignedMs,
        kind,
        rate: kind === 'light' ? 0.05 + rand() * 0.3 : 0.85,
      });

    for (let i = 0; i < total; i++) {
      const oktaUserId = `00u${String(i).padStart(7, '0')}`;
      const isFormer = i >= peopleCount;
      // 3% are new hires (account made in the last 30 days), assigned
      // within days of arriving; the others were assigned over 2 years,
      // some time after their account was made.
      const newHire = !isFormer && rand() < 0.03;
      const createdMs = newHire
        ? NOW - Math.floor(rand() * 30 * DAY)
        : NOW - 30 * DAY - Math.floor(rand() * 5 * 365 * DAY);
      const assignedMs = newHire
        ? Math.min(NOW - 3600_000, createdMs + Math.floor(rand() * 3 * DAY))
        : Math.max(createdMs, NOW - Math.floor(rand() * 730 * DAY));
      const inCatalog = rand() >= 0.02;
      const entityRef = inCatalog ? `user:default/person${i}` : null;
      await people.add({
        email: email(i),
        entity_ref: entityRef,
        okta_user_id: oktaUserId,
        okta_status: isFormer && rand() < 0.5 ? 'DEPROVISIONED' : 'ACTIVE',
        display_name: `Person ${i}`,
        title: `Title ${Math.floor(rand() * 120)}`,
        department: `Department ${i % departments}`,
        manager_okta_id: null,
        updated_at_ms: NOW - DAY,
        okta_created_ms: createdMs,
      });
      if (entityRef) {
        await teams.add({ entity_ref: entityRef, group_ref: teamRef(i) });
        await teams.add({
          entity_ref: entityRef,
          group_ref: `group:default/dept-${i % departments}`,
        });
        if (leadership.has(i))
          await teams.add({
            entity_ref: entityRef,
            group_ref: 'group:default/leadership',
          });
      }
      const r = rand();
      let kind: Kind = 'inactive';
      if (!isFormer && r < 0.4) kind = 'heavy';
      else if (!isFormer && r < 0.75) kind = 'light';
      if (!isFormer) kinds[kind]++;
      const tier = tierOf();
      const direct = rand() < 0.1; // assigned to the app, not through a tier group
      await assignments.add({
        instance_id: INSTANCE,
        okta_user_id: oktaUserId,
        scope: direct ? 'USER' : 'GROUP',
        group_id: direct ? null : tier.group,
        first_seen_ms: assignedMs,
        removed_ms: isFormer
          ? assignedMs + Math.floor(rand() * (NOW - assignedMs))
          : null,
      });
      activity(oktaUserId, INSTANCE, assignedMs, kind);
      // A third of the people also use the wiki, lightly.
      if (!isFormer && i % 3 === 0) {
        await assignments.add({
          instance_id: OTHER,
          okta_user_id: oktaUserId,
          scope: 'GROUP',
          group_id: '00gwikiall',
          first_seen_ms: assignedMs,
          removed_ms: null,
        });
        activity(
          oktaUserId,
          OTHER,
          assignedMs,
          kind === 'inactive' ? 'inactive' : 'light',
        );
      }
    }
    // Day by day, as the ingest writes them: one person's rows are spread
    // over the table, not side by side.
    for (let d = 89; d >= 0; d--) {
      const day = dayStart(NOW) - d * DAY;
      const weekday = new Date(day).getUTCDay();
      const workday = weekday !== 0 && weekday !== 6;
      for (const s of subjects) {
        if (s.kind === 'inactive' || day + DAY <= s.assignedMs) continue;
        if (rand() >= (workday ? s.rate : s.rate / 15)) continue;
        // Sign-ins between 08:00 and 15:00 UTC: never after NOW today.
        const at = Math.max(
          day + 8 * 3600_000 + Math.floor(rand() * 7 * 3600_000),
          s.assignedMs,
        );
        await daily.add({
          okta_user_id: s.oktaUserId,
          instance_id: s.instanceId,
          day: utcDay(at),
          sign_ins: s.kind === 'heavy' ? 1 + Math.floor(rand() * 5) : 1,
        });
        s.lastMs = at;
      }
    }
    const windowStart = dayStart(NOW) - 89 * DAY;
    for (const s of subjects) {
      // Before the window: most who were assigned then had signed in once.
      if (s.lastMs === undefined && s.assignedMs < windowStart && rand() < 0.6)
        s.lastMs =
          s.assignedMs + Math.floor(rand() * (windowStart - s.assignedMs));
      if (s.lastMs !== undefined)
        await last.add({
          okta_user_id: s.oktaUserId,
          instance_id: s.instanceId,
          last_sign_in_ms: s.lastMs,
        });
    }
    // Earlier runs: 2,000 actions, of which 300 people kept their license
    // (those within 90 days are left out of the preview, as exempt).
    const actions = new Inserter(trx, 'workflow_actions', 20);
    const acted = new Set<number>();
    while (acted.size < 2000) acted.add(Math.floor(rand() * peopleCount));
    const runId = randomUUID();
    let n = 0;
    for (const i of acted) {
      const optedOut = n < 300;
      const status = optedOut ? 'opted-out' : pick(['dry-run', 'dismissed']);
      n++;
      await actions.add({
        id: randomUUID(),
        run_id: runId,
        instance_id: INSTANCE,
        okta_user_id: `00u${String(i).padStart(7, '0')}`,
        email: email(i),
        display_name: `Person ${i}`,
        rule: 0,
        action: 'deprovision',
        from_tier: null,
        to_tier: null,
        from_group_id: null,
        to_group_id: null,
        scope: 'GROUP',
        status,
        monthly_saving: 12,
        last_sign_in_ms: null,
        deadline_ms: null,
        detail: null,
        decided_by: null,
        // Opt-outs from 5 to 200 days ago: about half still respected.
        updated_at_ms: NOW - Math.floor((5 + rand() * 195) * DAY),
      });
    }
    for (const ins of [people, teams, assignments, daily, last, actions])
      await ins.flush();
    return {
      people: people.count,
      assignments: assignments.count,
      activity_daily: daily.count,
      activity_last: last.count,
      person_teams: teams.count,
      workflow_actions: actions.count,
      exemptions: exemptions.length,
      heavy: kinds.heavy,
      light: kinds.light,
      inactive: kinds.inactive,
    };
  });
}

// -------------------------------------------------------------- workflows

const template = (id: string) =>
  RECOMMENDED_WORKFLOWS.find(t => t.id === id)!.build({ lowestTier: 'basic' });

export const WORKFLOWS: Array<{
  name: string;
  definition: WorkflowDefinition;
}> = [
  { name: 'reclaim-90', definition: template('reclaim-90') },
  { name: 'downgrade-30', definition: template('downgrade-30') },
  { name: 'suggest-light-users', definition: template('suggest-light-users') },
  {
    name: 'mixed (3 rules, 2 windows)',
    definition: {
      rules: [
        {
          condition: { type: 'noSignIn', days: 90 },
          outcome: { action: 'deprovision' },
        },
        {
          condition: { type: 'fewSignIns', days: 30, signIns: 4 },
          tiers: ['premium'],
          outcome: { action: 'downgrade', toTier: 'standard' },
        },
        {
          condition: { type: 'fewSignIns', days: 90, signIns: 10 },
          tiers: ['standard', 'premium'],
          outcome: { action: 'downgrade', toTier: 'basic' },
        },
      ],
      newHireDays: 14,
      notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
      mode: 'suggest',
    },
  },
];

// -------------------------------------------------------------- baselines

/*
 * The hand-written queries: for each workflow, the rows its preview lists
 * (person, matched rule, what is shown of them), in the preview's order
 * (rule, e-mail, Okta id). Exempt: on the instance's or the global list by
 * e-mail, in an exempt catalog group, an Okta account younger than the
 * new-hire period, or kept the license (opted out) in the last 90 days.
 */
const COLUMNS = `a.okta_user_id, p.email, p.display_name, t.tier, t.monthly_price,
  l.last_sign_in_ms, a.first_seen_ms, a.scope, a.group_id`;
const FROM = `from assignments a
  join people p on p.okta_user_id = a.okta_user_id
  left join license_tiers t on t.instance_id = a.instance_id and t.group_id = a.group_id
  left join activity_last l on l.okta_user_id = a.okta_user_id and l.instance_id = a.instance_id`;
const NOT_EXEMPT = `a.instance_id = :instance and a.removed_ms is null
  and p.okta_created_ms <= :hiredAfter
  and not exists (select 1 from workflow_exemptions e
    where e.kind = 'user' and e.value = p.email and e.scope in ('global', :instance))
  and not exists (select 1 from person_teams pt
    join workflow_exemptions e on e.value = pt.group_ref
    where pt.entity_ref = p.entity_ref and e.kind = 'group' and e.scope in ('global', :instance))
  and not exists (select 1 from workflow_actions o
    where o.okta_user_id = a.okta_user_id and o.instance_id = a.instance_id
      and o.status = 'opted-out' and o.updated_at_ms > :optedOutAfter)`;
/** Sign-ins of the row's person on the instance since a day (inclusive). */
const signInsSince = (param: string) => `(select coalesce(sum(d.sign_ins), 0)
  from activity_daily d
  where d.okta_user_id = a.okta_user_id and d.instance_id = a.instance_id
    and d.day >= :${param})`;

/**
 * Per workflow, one or two hand-written queries. Where a rule counts
 * sign-ins, it is written twice, and the faster counts on each database:
 * summing each person's own rows (a correlated subquery, run only for the
 * people the other tests leave), or summing the instance's window in one
 * grouped pass joined by person.
 */
export const BASELINES: Record<
  string,
  {
    variants: Record<string, string>;
    params: (now: number) => Record<string, Knex.Value>;
  }
> = {
  'reclaim-90': {
    variants: {
      joins: `select ${COLUMNS}, 0 as rule_index ${FROM}
        where ${NOT_EXEMPT}
          and a.first_seen_ms <= :cut90
          and (l.last_sign_in_ms is null or l.last_sign_in_ms < :cut90)
        order by p.email, a.okta_user_id`,
    },
    params: now => ({ cut90: now - 90 * DAY, hiredAfter: now - 30 * DAY }),
  },
  'downgrade-30': {
    variants: {
      joins: `select ${COLUMNS},
          case when a.first_seen_ms <= :cut60
                 and (l.last_sign_in_ms is null or l.last_sign_in_ms < a.first_seen_ms)
               then 0 else 1 end as rule_index
        ${FROM}
        where ${NOT_EXEMPT}
          and ((a.first_seen_ms <= :cut60
                and (l.last_sign_in_ms is null or l.last_sign_in_ms < a.first_seen_ms))
            or (a.first_seen_ms <= :cut30
                and (l.last_sign_in_ms is null or l.last_sign_in_ms < :cut30)
                and t.tier in ('standard', 'premium')))
        order by rule_index, p.email, a.okta_user_id`,
    },
    params: now => ({
      cut60: now - 60 * DAY,
      cut30: now - 30 * DAY,
      hiredAfter: now - 30 * DAY,
    }),
  },
  'suggest-light-users': {
    variants: {
      'per person': `select ${COLUMNS}, 0 as rule_index ${FROM}
        where ${NOT_EXEMPT}
          and a.first_seen_ms <= :cut60
          and ${signInsSince('since60')} < 3
        order by p.email, a.okta_user_id`,
      grouped: `select ${COLUMNS}, 0 as rule_index ${FROM}
        left join (
          select okta_user_id, sum(sign_ins) as n from activity_daily
          where instance_id = :instance and day >= :since60
          group by okta_user_id
        ) w on w.okta_user_id = a.okta_user_id
        where ${NOT_EXEMPT}
          and a.first_seen_ms <= :cut60
          and coalesce(w.n, 0) < 3
        order by p.email, a.okta_user_id`,
    },
    params: now => ({
      cut60: now - 60 * DAY,
      since60: utcDay(now - 59 * DAY),
      hiredAfter: now - 30 * DAY,
    }),
  },
  'mixed (3 rules, 2 windows)': {
    variants: {
      'per person': `select * from (
          select ${COLUMNS},
            case
              when a.first_seen_ms <= :cut90
                and (l.last_sign_in_ms is null or l.last_sign_in_ms < :cut90) then 0
              when a.first_seen_ms <= :cut30 and t.tier = 'premium'
                and ${signInsSince('since30')} < 4 then 1
              when a.first_seen_ms <= :cut90 and t.tier in ('standard', 'premium')
                and ${signInsSince('since90')} < 10 then 2
            end as rule_index
          ${FROM}
          where ${NOT_EXEMPT}
        ) x
        where rule_index is not null
        order by rule_index, email, okta_user_id`,
      grouped: `select * from (
          select ${COLUMNS},
            case
              when a.first_seen_ms <= :cut90
                and (l.last_sign_in_ms is null or l.last_sign_in_ms < :cut90) then 0
              when a.first_seen_ms <= :cut30 and t.tier = 'premium'
                and coalesce(w.n30, 0) < 4 then 1
              when a.first_seen_ms <= :cut90 and t.tier in ('standard', 'premium')
                and coalesce(w.n90, 0) < 10 then 2
            end as rule_index
          ${FROM}
          left join (
            select okta_user_id,
              sum(case when day >= :since30 then sign_ins else 0 end) as n30,
              sum(sign_ins) as n90
            from activity_daily
            where instance_id = :instance and day >= :since90
            group by okta_user_id
          ) w on w.okta_user_id = a.okta_user_id
          where ${NOT_EXEMPT}
        ) x
        where rule_index is not null
        order by rule_index, email, okta_user_id`,
    },
    params: now => ({
      cut90: now - 90 * DAY,
      cut30: now - 30 * DAY,
      since30: utcDay(now - 29 * DAY),
      since90: utcDay(now - 89 * DAY),
      hiredAfter: now - 14 * DAY,
    }),
  },
};

export async function baseline(knex: Knex, workflow: string, variant: string) {
  const b = BASELINES[workflow];
  const res: any = await knex.raw(b.variants[variant], {
    instance: INSTANCE,
    optedOutAfter: NOW - 90 * DAY,
    ...b.params(NOW),
  });
  return (Array.isArray(res) ? res : res.rows) as Array<{
    okta_user_id: string;
    rule_index: number | string;
  }>;
}

// ------------------------------------------------------------- measuring

type Row = {
  engine: string;
  workflow: string;
  matched: number;
  byRule: string;
  assigned: number;
  exempt: number;
  previewMs: number[];
  /** Sorted timings of each hand-written variant. */
  baselineMs: Record<string, number[]>;
};

const median = (xs: number[]) => percentile(xs, 50);
const fmt = (ms: number) => ms.toFixed(ms < 100 ? 1 : 0);
const load = () =>
  os
    .loadavg()
    .map(x => x.toFixed(1))
    .join(' ');

/** The fastest hand-written variant of a row, by median. */
function best(r: Row): { variant: string; ms: number[] } {
  const [variant, ms] = Object.entries(r.baselineMs).sort(
    (x, y) => median(x[1]) - median(y[1]),
  )[0];
  return { variant, ms };
}

async function measure(
  engine: string,
  knex: Knex,
  runs: number,
): Promise<Row[]> {
  const store = createWorkflowStore({ knex });
  const out: Row[] = [];
  for (const { name, definition } of WORKFLOWS) {
    const variants = Object.keys(BASELINES[name].variants);
    // The same answer first, or nothing is worth timing.
    const preview = await previewWorkflow(store, INSTANCE, definition, NOW);
    const a = preview.entries.map(e => `${e.oktaUserId}#${e.rule}`);
    for (const variant of variants) {
      const mine = await baseline(knex, name, variant);
      const b = mine.map(r => `${r.okta_user_id}#${Number(r.rule_index)}`);
      if (a.join('\n') !== b.join('\n')) {
        const sa = new Set(a);
        const sb = new Set(b);
        throw new Error(
          `${engine} ${name}: preview and baseline (${variant}) differ: preview ${
            a.length
          }, baseline ${b.length}; only in preview: ${a
            .filter(x => !sb.has(x))
            .slice(0, 5)}; only in baseline: ${b
            .filter(x => !sa.has(x))
            .slice(0, 5)}${
            a.length === b.length && a.every(x => sb.has(x))
              ? ' (same people, other order)'
              : ''
          }`,
        );
      }
    }
    if (preview.assigned === 0 || a.length === 0)
      throw new Error(`${engine} ${name}: nothing matched`);
    const byRule = definition.rules
      .map((_, i) => preview.entries.filter(e => e.rule === i).length)
      .join(' / ');

    const previewMs: number[] = [];
    const baselineMs: Record<string, number[]> = Object.fromEntries(
      variants.map(v => [v, []]),
    );
    const contenders: Array<[number[], () => Promise<unknown>]> = [
      [previewMs, () => previewWorkflow(store, INSTANCE, definition, NOW)],
      ...variants.map((v): [number[], () => Promise<unknown>] => [
        baselineMs[v],
        () => baseline(knex, name, v),
      ]),
    ];
    // 0 runs: only check that they give the same answer.
    for (let i = 0; runs > 0 && i < WARMUP + runs; i++) {
      // A different one goes first each time, so drift hits all alike.
      for (let j = 0; j < contenders.length; j++) {
        const [into, fn] = contenders[(i + j) % contenders.length];
        const started = performance.now();
        await fn();
        if (i >= WARMUP) into.push(performance.now() - started);
      }
    }
    previewMs.sort((x, y) => x - y);
    for (const v of variants) baselineMs[v].sort((x, y) => x - y);
    const row: Row = {
      engine,
      workflow: name,
      matched: a.length,
      byRule,
      assigned: preview.assigned,
      exempt: preview.exempt,
      previewMs,
      baselineMs,
    };
    if (runs === 0) {
      console.log(`  ${name}: ${row.matched} matched (${byRule}), same answer`);
      continue;
    }
    console.log(
      `  ${name}: ${row.matched} matched (${byRule}), preview p50 ${fmt(
        median(previewMs),
      )} ms, baseline p50 ${variants
        .map(v => `${fmt(median(baselineMs[v]))} ms (${v})`)
        .join(', ')}; load ${load()}`,
    );
    out.push(row);
  }
  return out;
}

/** A database on the benchmark's PostgreSQL server (as bench/db.ts finds it). */
function postgresUrl(database: string) {
  const url = new URL(
    process.env.BENCH_POSTGRES_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  url.pathname = `/${database}`;
  return url.toString();
}

async function main() {
  const peopleCount = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 15);
  const engines = (process.argv[4] ?? 'sqlite,postgres').split(',') as Array<
    'sqlite' | 'postgres'
  >;
  const rows: Row[] = [];
  for (const engine of engines) {
    const reuse = process.env.BENCH_REUSE_DB;
    if (reuse) {
      // A database kept by BENCH_KEEP_DB, already filled (and analyzed).
      const knex = knexFactory(
        engine === 'sqlite'
          ? {
              client: 'better-sqlite3',
              connection: { filename: reuse },
              useNullAsDefault: true,
            }
          : {
              client: 'pg',
              connection: postgresUrl(reuse),
              pool: { min: 1, max: 5 },
            },
      );
      try {
        console.log(`${engine}: reusing ${reuse}; load average ${load()}`);
        rows.push(...(await measure(engine, knex, runs)));
      } finally {
        await knex.destroy();
      }
      continue;
    }
    const db = await benchDatabase(engine);
    try {
      await applyDatabaseMigrations(db.knex);
      let started = performance.now();
      const counts = await fill(db.knex, peopleCount);
      // As autovacuum leaves it some time after a bulk load.
      if (engine === 'postgres') await db.knex.raw('vacuum analyze');
      console.log(
        `${engine}: filled in ${((performance.now() - started) / 1000).toFixed(
          1,
        )} s: ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      console.log(`${engine}: load average ${load()}`);
      started = performance.now();
      rows.push(...(await measure(engine, db.knex, runs)));
      console.log(
        `${engine}: measured in ${(
          (performance.now() - started) /
          1000
        ).toFixed(1)} s`,
      );
    } finally {
      if (process.env.BENCH_KEEP_DB) {
        const c = (db.knex.client as any).connectionSettings;
        console.log(
          `${engine}: kept ${c.filename ?? `database ${c.database}`}`,
        );
        await db.knex.destroy();
      } else {
        await db.drop();
      }
    }
  }

  if (runs === 0) return;
  console.log(
    `\n${runs} runs each after ${WARMUP} warm-ups; ${rows[0]?.assigned} assigned, ${rows[0]?.exempt} exempt\n`,
  );
  console.log(
    '| engine | workflow | matched (per rule) | preview p50 / p95 | baseline p50 / p95 (query) | other baseline p50 | ratio (p50) | ratio <= 1.5 | PostgreSQL < 2 s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let ok = true;
  for (const r of rows) {
    const b = best(r);
    const ratio = median(r.previewMs) / median(b.ms);
    const ratioOk = ratio <= 1.5;
    const timeOk = r.engine !== 'postgres' || median(r.previewMs) < 2000;
    ok = ok && ratioOk && timeOk;
    let timeCell = '';
    if (r.engine === 'postgres') timeCell = timeOk ? 'yes' : 'NO';
    const others = Object.entries(r.baselineMs)
      .filter(([v]) => v !== b.variant)
      .map(([v, ms]) => `${fmt(median(ms))} ms (${v})`)
      .join(', ');
    console.log(
      `| ${r.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'} | ${
        r.workflow
      } | ${r.matched} (${r.byRule}) | ${fmt(median(r.previewMs))} / ${fmt(
        percentile(r.previewMs, 95),
      )} ms | ${fmt(median(b.ms))} / ${fmt(percentile(b.ms, 95))} ms (${
        b.variant
      }) | ${others} | ${ratio.toFixed(2)} | ${
        ratioOk ? 'yes' : 'NO'
      } | ${timeCell} |`,
    );
  }
  console.log(
    `\n${ok ? 'all goals hold' : 'GOAL MISSED'}; node ${
      process.version
    }, ${new Date().toISOString()}`,
  );
}

if (require.main === module)
  main().then(
    // A kept PostgreSQL database leaves benchDatabase's admin pool open.
    () => process.exit(0),
    e => {
      console.error(String(e?.stack ?? e).slice(0, 3000));
      process.exit(1);
    },
  );
