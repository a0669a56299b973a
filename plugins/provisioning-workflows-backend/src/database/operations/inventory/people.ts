import {
  PeerAppCount,
  UnmatchedPeople,
} from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';
import { DbAppInstanceRow, DbPersonRow, DbPersonTeamRow } from '../../tables';
import { chunks, DAY_MS } from '../../util';
import { InventoryDbContext, PersonRecord, SyncCounts } from './types';

const PERSON_FIELDS = [
  'entity_ref',
  'okta_user_id',
  'okta_status',
  'display_name',
  'title',
  'department',
  'manager_okta_id',
  'okta_created_ms',
] as const;

export async function syncPeople(
  ctx: InventoryDbContext,
  people: PersonRecord[],
  nowMs: number,
): Promise<SyncCounts> {
  return ctx.knex.transaction(async trx => {
    const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
    const existing = new Map<string, DbPersonRow>();
    for (const row of await trx<DbPersonRow>('people').select())
      existing.set(row.email, row);
    const inserts: DbPersonRow[] = [];
    for (const p of people) {
      const row: DbPersonRow = {
        email: p.email.toLowerCase(),
        entity_ref: p.entityRef ?? null,
        okta_user_id: p.oktaUserId ?? null,
        okta_status: p.oktaStatus ?? null,
        display_name: p.displayName ?? null,
        title: p.title ?? null,
        department: p.department ?? null,
        manager_okta_id: p.managerOktaId ?? null,
        okta_created_ms: p.oktaCreatedMs ?? null,
        updated_at_ms: nowMs,
      };
      const old = existing.get(row.email);
      existing.delete(row.email);
      if (!old) {
        inserts.push(row);
        counts.added++;
      } else if (
        PERSON_FIELDS.some(f =>
          // bigints come back as strings on PostgreSQL
          f === 'okta_created_ms'
            ? (old[f] === null ? null : Number(old[f])) !== row[f]
            : old[f] !== row[f],
        )
      ) {
        await trx('people').where({ email: row.email }).update(row);
        counts.updated++;
      }
    }
    for (const batch of chunks(inserts, 200)) await trx('people').insert(batch);
    const gone = [...existing.keys()];
    for (const batch of chunks(gone, 500))
      await trx('people').whereIn('email', batch).delete();
    counts.removed += gone.length;

    // Team memberships: replace only the differences.
    const wanted = new Set<string>();
    for (const p of people) {
      if (!p.entityRef) continue;
      for (const team of p.teams) wanted.add(`${p.entityRef}\n${team}`);
    }
    const have = new Set<string>();
    for (const row of await trx<DbPersonTeamRow>('person_teams').select())
      have.add(`${row.entity_ref}\n${row.group_ref}`);
    const toAdd = [...wanted]
      .filter(k => !have.has(k))
      .map(k => {
        const [entity_ref, group_ref] = k.split('\n');
        return { entity_ref, group_ref };
      });
    for (const batch of chunks(toAdd, 300))
      await trx('person_teams').insert(batch);
    for (const key of [...have].filter(k => !wanted.has(k))) {
      const [entity_ref, group_ref] = key.split('\n');
      await trx('person_teams').where({ entity_ref, group_ref }).delete();
    }
    return counts;
  });
}

export async function getPerson(ctx: InventoryDbContext, entityRef: string) {
  const person = await ctx
    .knex<DbPersonRow>('people')
    .where({ entity_ref: entityRef })
    .first();
  const teams = (
    await ctx
      .knex('person_teams')
      .where({ entity_ref: entityRef })
      .orderBy('group_ref')
  ).map(t => t.group_ref);
  return person
    ? {
        email: person.email,
        oktaUserId: person.okta_user_id ?? undefined,
        title: person.title ?? undefined,
        department: person.department ?? undefined,
        teams,
      }
    : undefined;
}

/**
 * Apps used in the last 30 days by people sharing the user's teams, title or
 * department: distinct users per app, the user excluded.
 */
export async function peerUsage(
  ctx: InventoryDbContext,
  person: {
    email: string;
    teams: string[];
    title?: string;
    department?: string;
  },
  nowMs: number,
): Promise<{
  byTeam: PeerAppCount[];
  byTitle: PeerAppCount[];
  byDepartment: PeerAppCount[];
}> {
  const cutoff = nowMs - 30 * DAY_MS;
  const names = await appNames(ctx);
  const count = async (
    peers: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<PeerAppCount[]> => {
    const rows: Array<{ app_key: string; users: number | string }> =
      await peers(ctx.knex('people as p'))
        .join('activity_last as l', 'l.okta_user_id', 'p.okta_user_id')
        .join('app_instances as i', 'i.id', 'l.instance_id')
        .where('l.last_sign_in_ms', '>=', cutoff)
        .whereNot('i.status', 'REMOVED')
        .whereNot('p.email', person.email)
        .groupBy('i.app_key')
        .select(
          'i.app_key',
          ctx.knex.raw('count(distinct p.okta_user_id) as users'),
        );
    return rows
      .map(r => ({
        appKey: r.app_key,
        appName: names.get(r.app_key) ?? r.app_key,
        users: Number(r.users),
      }))
      .sort((a, b) => b.users - a.users || a.appName.localeCompare(b.appName));
  };
  const byTeam = person.teams.length
    ? await count(q =>
        q.whereIn(
          'p.entity_ref',
          ctx
            .knex('person_teams')
            .whereIn('group_ref', person.teams)
            .select('entity_ref'),
        ),
      )
    : [];
  const byTitle = person.title
    ? await count(q => q.where('p.title', person.title!))
    : [];
  const byDepartment = person.department
    ? await count(q => q.where('p.department', person.department!))
    : [];
  return { byTeam, byTitle, byDepartment };
}

/** Each product's name: its shortest instance label (Salesforce, not Salesforce Sandbox). */
export async function appNames(
  ctx: InventoryDbContext,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const r of await ctx
    .knex<DbAppInstanceRow>('app_instances')
    .select('app_key', 'label')) {
    const current = names.get(r.app_key);
    if (!current || r.label.length < current.length)
      names.set(r.app_key, r.label);
  }
  return names;
}

export async function unmatchedPeople(
  ctx: InventoryDbContext,
): Promise<UnmatchedPeople> {
  const catalogOnly: DbPersonRow[] = await ctx
    .knex('people')
    .whereNull('okta_user_id')
    .whereNotNull('entity_ref')
    .orderBy('email');
  const oktaOnly: DbPersonRow[] = await ctx
    .knex('people')
    .whereNull('entity_ref')
    .whereNotNull('okta_user_id')
    .orderBy('email');
  return {
    // Not null: the queries ask for the side that is there.
    catalogOnly: catalogOnly.map(p => ({
      entityRef: p.entity_ref!,
      email: p.email,
    })),
    oktaOnly: oktaOnly.map(p => ({
      oktaUserId: p.okta_user_id!,
      email: p.email,
      status: p.okta_status ?? undefined,
    })),
  };
}
