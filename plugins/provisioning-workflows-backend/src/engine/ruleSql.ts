import {
  WorkflowDefinition,
  WorkflowRule,
} from '@internal/plugin-provisioning-workflows-common';
import { OPT_OUT_RESPECTED_DAYS } from '../database/types';
import { DAY_MS, dayOf } from '../database/util';
import {
  AsOf,
  assignmentSource,
  antiJoinPastSignIns,
  CURRENT_SIGN_INS,
  groupedPastSignIns,
  pastSignIns,
  SignInTests,
  Sql,
  SqlValue,
} from './sqlSources';

export type { AsOf, SignInTests, Sql, SqlValue };

/**
 * The SQL condition of one rule over the preview's columns, with its
 * bindings. The activity test comes last: where it is a subquery, it only
 * runs for the people the cheaper tests leave.
 */
export function ruleSql(
  rule: WorkflowRule,
  nowMs: number,
  windowSum: (days: number) => Sql,
  rankOf: (tier: string) => number | undefined,
  signIns: SignInTests = CURRENT_SIGN_INS,
): Sql {
  const parts: string[] = [];
  const bindings: SqlValue[] = [];
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
    // A target the instance does not have (tiers changed since the save)
    // selects nobody.
    const target = rankOf(rule.outcome.toTier);
    if (target === undefined) {
      parts.push('1 = 0');
    } else {
      parts.push('t.rank > ?');
      bindings.push(target);
    }
  }
  switch (rule.condition.type) {
    case 'noSignIn': {
      const t = signIns.noneSince(rule.condition.days, cut);
      parts.push(t.sql);
      bindings.push(...t.bindings);
      break;
    }
    case 'neverSignedIn': {
      const t = signIns.noneSinceAssigned();
      parts.push(t.sql);
      bindings.push(...t.bindings);
      break;
    }
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

/** Who is exempt by time: Okta accounts created after, opt-outs recorded after. */
function exemptAfter(definition: WorkflowDefinition, nowMs: number) {
  return {
    hiredAfter:
      definition.newHireDays > 0
        ? nowMs - definition.newHireDays * DAY_MS
        : Number.MAX_SAFE_INTEGER,
    // People who chose to keep their license are left alone for a while.
    optedOutAfter: nowMs - OPT_OUT_RESPECTED_DAYS * DAY_MS,
  };
}

/**
 * Compiles a workflow's preview into SQL over the inventory, activity and
 * workflow tables: the people assigned to the instance, not exempt (lists
 * of the instance and global ones, groups, new hires, recent opt-outs),
 * with the index of the first rule whose condition holds. Undefined when
 * there is no rule.
 */
export function compileMatches(
  definition: WorkflowDefinition,
  options: {
    instanceId: string;
    nowMs: number;
    rankOf: (tier: string) => number | undefined;
    /**
     * Sum each person's own sign-ins by index (SQLite), instead of one
     * hashed pass over the instance's activity (PostgreSQL): SQLite sorts
     * such a pass (5 to 10 s for 2.5 million rows).
     */
    perPersonSums: boolean;
    /** A backtest: the past instead of now. */
    asOf?: AsOf;
  },
): Sql | undefined {
  const { instanceId, nowMs, rankOf, perPersonSums: perPerson, asOf } = options;
  // One sum column per distinct window of the fewSignIns rules.
  const windows = [
    ...new Set(
      definition.rules
        .filter(r => r.condition.type === 'fewSignIns')
        .map(r => r.condition.days),
    ),
  ].sort((a, b) => a - b);
  const windowStart = (days: number) => dayOf(nowMs - (days - 1) * DAY_MS);
  // A backtest reads no activity after its day.
  const upTo = asOf ? ' and ad.day <= ?' : '';
  const upToBindings = asOf ? [asOf.asOfDay] : [];
  const windowSum = (days: number): Sql =>
    perPerson
      ? {
          sql: `(select sum(ad.sign_ins) from activity_daily ad
                   where ad.instance_id = a.instance_id
                     and ad.okta_user_id = a.okta_user_id and ad.day >= ?${upTo})`,
          bindings: [windowStart(days), ...upToBindings],
        }
      : { sql: `d.s${windows.indexOf(days)}`, bindings: [] };
  // A backtest on PostgreSQL reads each person's sign-ins of the rules'
  // longest window in one grouped pass (as the preview's sums do), with
  // their last day in it; SQLite probes each person's last day by key.
  const antiJoin =
    Boolean(asOf) &&
    !perPerson &&
    definition.rules.length === 1 &&
    definition.rules[0].condition.type !== 'fewSignIns';
  const grouped = Boolean(asOf) && !perPerson && !antiJoin;
  const longest = Math.max(...definition.rules.map(r => r.condition.days));
  const groupedFrom = windowStart(Math.max(longest, 1));
  let signIns: SignInTests | undefined;
  if (asOf && antiJoin)
    signIns = antiJoinPastSignIns(asOf.asOfDay, windowStart);
  else if (asOf)
    signIns = grouped
      ? groupedPastSignIns(windowStart, groupedFrom)
      : pastSignIns(windowStart);
  const source = assignmentSource(instanceId, nowMs, asOf, {
    lastDay: Boolean(asOf) && perPerson,
  });

  const caseParts: string[] = [];
  const caseBindings: SqlValue[] = [];
  const anyRule: string[] = [];
  definition.rules.forEach((rule, i) => {
    const { sql, bindings } = ruleSql(rule, nowMs, windowSum, rankOf, signIns);
    caseParts.push(`when ${sql} then ${i}`);
    caseBindings.push(...bindings);
    anyRule.push(`(${sql})`);
  });
  if (caseParts.length === 0) return undefined;

  const scopes = ['global', instanceId];
  const { hiredAfter, optedOutAfter } = exemptAfter(definition, nowMs);
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
                and o.status = 'opted-out' and o.updated_at_ms > ?${
                  asOf ? ' and o.updated_at_ms <= ?' : ''
                })`;
  const exemptBindings = [
    ...scopes,
    ...scopes,
    hiredAfter,
    optedOutAfter,
    ...(asOf ? [nowMs] : []),
  ];

  const joinActivity = (windows.length || grouped) && !perPerson;
  const activityJoin = joinActivity
    ? `left join (
           select okta_user_id, ${[
             ...(grouped ? ['max(day) as last_day'] : []),
             ...windows.map(
               (_, i) =>
                 `sum(case when day >= ? then sign_ins else 0 end) as s${i}`,
             ),
           ].join(', ')}
           from activity_daily
           where instance_id = ? and day >= ?${asOf ? ' and day <= ?' : ''}
           group by okta_user_id
         ) d on d.okta_user_id = a.okta_user_id`
    : '';
  const activityBindings = joinActivity
    ? [
        ...windows.map(windowStart),
        instanceId,
        grouped ? groupedFrom : windowStart(windows[windows.length - 1]),
        ...upToBindings,
      ]
    : [];

  // The last sign-in day of a backtest's people, where the query has it.
  let pastLastDay = 'null as last_day';
  if (perPerson) pastLastDay = 'a.last_day';
  else if (grouped) pastLastDay = 'd.last_day';
  const columns = `a.okta_user_id, a.scope, a.group_id, a.first_seen_ms,
                p.email, p.display_name, t.tier, t.monthly_price,
                ${
                  asOf
                    ? `null as last_sign_in_ms, ${pastLastDay}`
                    : 'l.last_sign_in_ms'
                }`;
  // A backtest has no last sign-in of the past to join: its rules test the
  // daily counts, and the last sign-in before the day is read per match.
  const lastJoin = asOf
    ? ''
    : `left join activity_last l
           on l.instance_id = a.instance_id and l.okta_user_id = a.okta_user_id`;
  // The person last: SQLite joins in the order written, and tests each
  // term as soon as it has its tables, so the rules (on the assignment,
  // tier and sign-ins) leave out most people before their person row and
  // the exempt lists are looked up (half the time on the benchmark's data).
  // PostgreSQL orders the joins itself.
  const from = `from ${source.table.sql}
         left join license_tiers t
           on t.instance_id = a.instance_id and t.group_id = a.group_id
         ${lastJoin}
         ${activityJoin}
         left join people p on p.okta_user_id = a.okta_user_id
         where ${source.live.sql}`;

  if (perPerson) {
    // SQLite moves the outer test inside by itself; a "some rule holds"
    // term as below would run the per-person sums a second time.
    return {
      sql: `select * from (
         select ${columns},
                case ${caseParts.join(' ')} end as rule_index
         ${from}
           and ${notExemptSql}
       ) x
       where rule_index is not null
       order by rule_index, email, okta_user_id`,
      bindings: [
        ...caseBindings,
        ...source.table.bindings,
        ...activityBindings,
        ...source.live.bindings,
        ...exemptBindings,
      ],
    };
  }

  // PostgreSQL: "some rule holds", the same test as the case's, in the
  // where clause: it then drops the people no rule selects as soon as it
  // has their assignment and sign-ins, before the other joins and the
  // exempt lists (it cannot see through the case). A row that passes it
  // has a rule, so the case needs no test of its own; with one rule it is
  // that rule's index.
  const single = caseParts.length === 1;
  const ruleIndex = single ? '0' : `case ${caseParts.join(' ')} end`;
  return {
    sql: `select ${columns}, ${ruleIndex} as rule_index
         ${from}
           and (${anyRule.join(' or ')})
           and ${notExemptSql}
       order by ${single ? '' : 'rule_index, '}p.email, a.okta_user_id`,
    bindings: [
      ...(single ? [] : caseBindings),
      ...source.table.bindings,
      ...activityBindings,
      ...source.live.bindings,
      ...caseBindings,
      ...exemptBindings,
    ],
  };
}

/** The counts of a preview: the people assigned to the instance, and how many of them are exempt. */
export function compileCounts(
  definition: WorkflowDefinition,
  options: { instanceId: string; nowMs: number; sqlite: boolean; asOf?: AsOf },
): Sql {
  const { instanceId, nowMs, sqlite, asOf } = options;
  const { hiredAfter, optedOutAfter } = exemptAfter(definition, nowMs);
  const exempt = exemptIds(
    instanceId,
    hiredAfter,
    optedOutAfter,
    asOf ? nowMs : undefined,
  );
  const source = assignmentSource(instanceId, nowMs, asOf, { lastDay: false });
  const live = source.live.sql;
  // SQLite: the assigned counted from the key, and the exempt looked up by
  // key from the (distinct, small) set of ids: 33 against 89 ms for the
  // one pass over the assigned people and their person rows it had, and 51
  // ms for PostgreSQL's statement below, on the benchmark's data.
  if (sqlite)
    return {
      sql: `select
          (select count(*) from ${source.table.sql} where ${live}) as assigned,
          (select count(*) from ${source.table.sql}
           where ${live} and a.okta_user_id in (${exempt.sql})) as exempt`,
      bindings: [
        ...source.live.bindings,
        ...source.live.bindings,
        ...exempt.bindings,
      ],
    };
  // PostgreSQL: one pass over the assigned people, each looked up in the
  // hashed set of ids; one process and one scan of the assignments, where
  // joining each list's people back to the assignments scanned them a
  // second time in a parallel plan beside the main query (on the
  // benchmark's data: 33 ms in one process, against 45 ms in two).
  return {
    sql: `select count(*) as assigned, count(x.okta_user_id) as exempt
       from ${source.table.sql}
       left join (${exempt.sql}) x on x.okta_user_id = a.okta_user_id
       where ${live}`,
    bindings: [...exempt.bindings, ...source.live.bindings],
  };
}

/**
 * The Okta ids of the people exempt on an instance, each once: whom the
 * instance's and the global lists hold by e-mail and by catalog group, the
 * new hires and the recent opt-outs, each found from its list by index
 * (the new hires by a scan of the people). As with the main query's
 * `exists`, an e-mail or catalog ref missing on the person's side is not
 * exempt.
 */
function exemptIds(
  instanceId: string,
  hiredAfter: number,
  optedOutAfter: number,
  /** A backtest's time: opt-outs recorded later do not count. */
  optedOutUntil?: number,
): Sql {
  return {
    sql: `select p.okta_user_id from workflow_exemptions e
           join people p on p.email = e.value
         where e.kind = 'user' and e.scope in (?, ?)
         union
         select p.okta_user_id from workflow_exemptions e
           join person_teams pt on pt.group_ref = e.value
           join people p on p.entity_ref = pt.entity_ref
         where e.kind = 'group' and e.scope in (?, ?)
         union
         select p.okta_user_id from people p where p.okta_created_ms > ?
         union
         select o.okta_user_id from workflow_actions o
         where o.instance_id = ? and o.status = 'opted-out'
           and o.updated_at_ms > ?${
             optedOutUntil === undefined ? '' : ' and o.updated_at_ms <= ?'
           }`,
    bindings: [
      'global',
      instanceId,
      'global',
      instanceId,
      hiredAfter,
      instanceId,
      optedOutAfter,
      ...(optedOutUntil === undefined ? [] : [optedOutUntil]),
    ],
  };
}
