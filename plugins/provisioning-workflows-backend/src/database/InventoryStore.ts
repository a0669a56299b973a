import {
  App,
  AppInstance,
  InstanceAssignment,
  LicenseTier,
  PeerAppCount,
  UnmatchedPeople,
} from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';

const DAY_MS = 24 * 3600 * 1000;

/** A person as the inventory sync sees them: catalog and Okta sides merged by e-mail. */
export type PersonRecord = {
  email: string;
  entityRef?: string;
  oktaUserId?: string;
  oktaStatus?: string;
  displayName?: string;
  title?: string;
  department?: string;
  managerOktaId?: string;
  /** When the Okta account was created (epoch ms). */
  oktaCreatedMs?: number;
  /** Catalog groups the person is a direct member of. */
  teams: string[];
};

export type InstanceRecord = {
  id: string;
  appKey: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode?: string;
  groups: Array<{ id: string; name: string; priority: number }>;
};

export type AssignmentRecord = {
  oktaUserId: string;
  /** When Okta made the assignment; the first sync's time when unknown. */
  assignedMs?: number;
  scope: 'USER' | 'GROUP';
  groupId?: string;
};

export type SyncCounts = { added: number; updated: number; removed: number };

type PersonRow = {
  email: string;
  entity_ref: string | null;
  okta_user_id: string | null;
  okta_status: string | null;
  display_name: string | null;
  title: string | null;
  department: string | null;
  manager_okta_id: string | null;
  okta_created_ms: number | string | null;
  updated_at_ms: number | string;
};

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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** `Figma Editor` on `Figma` → `editor`: a tier name suggested from a group name. */
export function suggestTierName(
  groupName: string,
  instanceLabel: string,
): string {
  const lowerGroup = groupName.toLowerCase();
  const prefix = instanceLabel.toLowerCase();
  const rest = lowerGroup.startsWith(prefix)
    ? groupName.slice(prefix.length)
    : groupName;
  return (
    rest
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'default'
  );
}

/**
 * The app inventory: people, app instances, their groups, license tiers and
 * assignments. Syncs are idempotent: they write only what changed and report it.
 */
export class InventoryStore {
  constructor(private readonly knex: Knex) {}

  async syncPeople(people: PersonRecord[], nowMs: number): Promise<SyncCounts> {
    return this.knex.transaction(async trx => {
      const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
      const existing = new Map<string, PersonRow>();
      for (const row of await trx<PersonRow>('people').select())
        existing.set(row.email, row);
      const inserts: PersonRow[] = [];
      for (const p of people) {
        const row: PersonRow = {
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
      for (const batch of chunks(inserts, 200))
        await trx('people').insert(batch);
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
      for (const row of await trx('person_teams').select())
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

  /**
   * Upserts the instances seen in Okta; instances missing from `seen` are
   * marked REMOVED (never deleted). Tiers are suggested from the group
   * assignments for instances without admin-configured tiers.
   */
  async syncInstances(
    seen: InstanceRecord[],
    nowMs: number,
  ): Promise<SyncCounts> {
    return this.knex.transaction(async trx => {
      const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
      const existing = new Map<string, any>();
      for (const row of await trx('app_instances').select())
        existing.set(row.id, row);
      for (const inst of seen) {
        const old = existing.get(inst.id);
        existing.delete(inst.id);
        const row = {
          app_key: inst.appKey,
          label: inst.label,
          status: inst.status,
          sign_on_mode: inst.signOnMode ?? null,
          removed_ms: null,
        };
        if (!old) {
          await trx('app_instances').insert({
            id: inst.id,
            first_seen_ms: nowMs,
            ...row,
          });
          counts.added++;
        } else if (
          old.app_key !== row.app_key ||
          old.label !== row.label ||
          old.status !== row.status ||
          old.sign_on_mode !== row.sign_on_mode ||
          old.removed_ms !== null
        ) {
          await trx('app_instances').where({ id: inst.id }).update(row);
          counts.updated++;
        }
        if (await this.replaceGroups(trx, inst)) {
          if (old) counts.updated++;
        }
        await this.refreshSuggestedTiers(trx, inst, nowMs);
      }
      for (const [id, old] of existing) {
        if (old.status !== 'REMOVED') {
          await trx('app_instances')
            .where({ id })
            .update({ status: 'REMOVED', removed_ms: nowMs });
          await trx('assignments')
            .where({ instance_id: id })
            .whereNull('removed_ms')
            .update({ removed_ms: nowMs });
          counts.removed++;
        }
      }
      return counts;
    });
  }

  private async replaceGroups(
    trx: Knex.Transaction,
    inst: InstanceRecord,
  ): Promise<boolean> {
    const have = new Map<string, { group_name: string; priority: number }>();
    for (const row of await trx('instance_groups').where({
      instance_id: inst.id,
    }))
      have.set(row.group_id, row);
    const want = inst.groups;
    const same =
      have.size === want.length &&
      want.every(
        g =>
          have.get(g.id)?.group_name === g.name &&
          Number(have.get(g.id)?.priority) === g.priority,
      );
    if (same) return false;
    await trx('instance_groups').where({ instance_id: inst.id }).delete();
    if (want.length) {
      await trx('instance_groups').insert(
        want.map(g => ({
          instance_id: inst.id,
          group_id: g.id,
          group_name: g.name,
          priority: g.priority,
        })),
      );
    }
    return true;
  }

  private async refreshSuggestedTiers(
    trx: Knex.Transaction,
    inst: InstanceRecord,
    nowMs: number,
  ) {
    const tiers = await trx('license_tiers').where({ instance_id: inst.id });
    if (tiers.some(t => t.source === 'admin')) return;
    const suggested = [...inst.groups]
      .sort((a, b) => a.priority - b.priority)
      .map((g, rank) => ({
        tier: suggestTierName(g.name, inst.label),
        group_id: g.id,
        rank,
      }));
    const same =
      tiers.length === suggested.length &&
      suggested.every(s =>
        tiers.some(
          t =>
            t.tier === s.tier &&
            t.group_id === s.group_id &&
            Number(t.rank) === s.rank,
        ),
      );
    if (same) return;
    await trx('license_tiers').where({ instance_id: inst.id }).delete();
    if (suggested.length) {
      await trx('license_tiers').insert(
        suggested.map(s => ({
          instance_id: inst.id,
          ...s,
          monthly_price: null,
          source: 'suggested',
          updated_by: null,
          updated_at_ms: nowMs,
        })),
      );
    }
  }

  /** Replaces the assignments of an instance; ones that disappeared are marked removed. */
  async syncAssignments(
    instanceId: string,
    seen: AssignmentRecord[],
    nowMs: number,
  ): Promise<SyncCounts> {
    return this.knex.transaction(async trx => {
      const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
      const existing = new Map<string, any>();
      for (const row of await trx('assignments').where({
        instance_id: instanceId,
      }))
        existing.set(row.okta_user_id, row);
      const inserts = [];
      for (const a of seen) {
        const old = existing.get(a.oktaUserId);
        existing.delete(a.oktaUserId);
        const row = { scope: a.scope, group_id: a.groupId ?? null };
        if (!old) {
          inserts.push({
            instance_id: instanceId,
            okta_user_id: a.oktaUserId,
            first_seen_ms: Math.min(a.assignedMs ?? nowMs, nowMs),
            removed_ms: null,
            ...row,
          });
          counts.added++;
        } else if (
          old.scope !== row.scope ||
          old.group_id !== row.group_id ||
          old.removed_ms !== null
        ) {
          await trx('assignments')
            .where({ instance_id: instanceId, okta_user_id: a.oktaUserId })
            .update({
              ...row,
              removed_ms: null,
              // Assigned again: the new assignment's age counts.
              ...(old.removed_ms !== null
                ? { first_seen_ms: Math.min(a.assignedMs ?? nowMs, nowMs) }
                : {}),
            });
          if (old.removed_ms !== null) counts.added++;
          else counts.updated++;
        }
      }
      for (const batch of chunks(inserts, 200))
        await trx('assignments').insert(batch);
      const gone = [...existing.values()]
        .filter(r => r.removed_ms === null)
        .map(r => r.okta_user_id);
      for (const batch of chunks(gone, 500)) {
        await trx('assignments')
          .where({ instance_id: instanceId })
          .whereIn('okta_user_id', batch)
          .update({ removed_ms: nowMs });
      }
      counts.removed += gone.length;
      return counts;
    });
  }

  /** Sets the tiers of an instance, as an admin configures them. */
  async putTiers(
    instanceId: string,
    tiers: Array<{ tier: string; groupId?: string; monthlyPrice?: number }>,
    updatedBy: string,
    nowMs: number,
  ) {
    await this.knex.transaction(async trx => {
      await trx('license_tiers').where({ instance_id: instanceId }).delete();
      if (tiers.length) {
        await trx('license_tiers').insert(
          tiers.map((t, rank) => ({
            instance_id: instanceId,
            tier: t.tier,
            group_id: t.groupId ?? null,
            monthly_price: t.monthlyPrice ?? null,
            source: 'admin',
            rank,
            updated_by: updatedBy,
            updated_at_ms: nowMs,
          })),
        );
      }
    });
  }

  async getInstance(instanceId: string): Promise<AppInstance | undefined> {
    const apps = await this.listApps({ instanceId });
    return apps[0]?.instances[0];
  }

  async listApps(filter: { instanceId?: string } = {}): Promise<App[]> {
    const instanceQuery = this.knex('app_instances').orderBy('label');
    if (filter.instanceId) instanceQuery.where({ id: filter.instanceId });
    const instances = await instanceQuery;
    if (instances.length === 0) return [];
    const ids = instances.map(i => i.id);
    const groups = await this.knex('instance_groups')
      .whereIn('instance_id', ids)
      .orderBy('priority');
    const tiers = await this.knex('license_tiers')
      .whereIn('instance_id', ids)
      .orderBy('rank');
    const assigned = await this.knex('assignments')
      .whereIn('instance_id', ids)
      .whereNull('removed_ms')
      .groupBy('instance_id')
      .select('instance_id', this.knex.raw('count(*) as n'));
    const groupName = new Map(
      groups.map(g => [`${g.instance_id}|${g.group_id}`, g.group_name]),
    );
    const byKey = new Map<string, App>();
    for (const i of instances) {
      const instance: AppInstance = {
        id: i.id,
        appKey: i.app_key,
        label: i.label,
        status: i.status,
        signOnMode: i.sign_on_mode ?? undefined,
        groups: groups
          .filter(g => g.instance_id === i.id)
          .map(g => ({
            id: g.group_id,
            name: g.group_name,
            priority: Number(g.priority),
          })),
        tiers: tiers
          .filter(t => t.instance_id === i.id)
          .map(
            (t): LicenseTier => ({
              tier: t.tier,
              groupId: t.group_id ?? undefined,
              groupName: t.group_id
                ? groupName.get(`${i.id}|${t.group_id}`)
                : undefined,
              monthlyPrice:
                t.monthly_price === null ? undefined : Number(t.monthly_price),
              source: t.source,
            }),
          ),
        assignedUsers: Number(
          assigned.find(a => a.instance_id === i.id)?.n ?? 0,
        ),
      };
      const app: App = byKey.get(i.app_key) ?? {
        key: i.app_key,
        name: i.label,
        instances: [],
      };
      app.instances.push(instance);
      // The product is named after its shortest instance label (Salesforce, not Salesforce Sandbox).
      if (i.label.length < app.name.length) app.name = i.label;
      byKey.set(i.app_key, app);
    }
    return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async listAssignments(
    instanceId: string,
    nowMs: number,
  ): Promise<InstanceAssignment[]> {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const since30 = day(nowMs - 29 * DAY_MS);
    const since90 = day(nowMs - 89 * DAY_MS);
    const rows = await this.knex('assignments as a')
      .leftJoin('people as p', 'p.okta_user_id', 'a.okta_user_id')
      .leftJoin('activity_last as l', join =>
        join
          .on('l.okta_user_id', 'a.okta_user_id')
          .andOn('l.instance_id', 'a.instance_id'),
      )
      .leftJoin(
        this.knex('activity_daily')
          .where({ instance_id: instanceId })
          .where('day', '>=', since90)
          .groupBy('okta_user_id')
          .select(
            'okta_user_id',
            this.knex.raw(
              'sum(case when day >= ? then sign_ins else 0 end) as s30',
              [since30],
            ),
            this.knex.raw('sum(sign_ins) as s90'),
          )
          .as('d'),
        'd.okta_user_id',
        'a.okta_user_id',
      )
      .where('a.instance_id', instanceId)
      .whereNull('a.removed_ms')
      .orderBy('a.okta_user_id')
      .select(
        'a.okta_user_id',
        'a.scope',
        'a.group_id',
        'p.email',
        'p.entity_ref',
        'p.display_name',
        'l.last_sign_in_ms',
        'd.s30',
        'd.s90',
      );
    const tiers = await this.knex('license_tiers').where({
      instance_id: instanceId,
    });
    const tierOfGroup = new Map(
      tiers.filter(t => t.group_id).map(t => [t.group_id, t.tier]),
    );
    return rows.map(r => ({
      oktaUserId: r.okta_user_id,
      email: r.email ?? undefined,
      entityRef: r.entity_ref ?? undefined,
      displayName: r.display_name ?? undefined,
      scope: r.scope,
      groupId: r.group_id ?? undefined,
      tier: r.group_id ? tierOfGroup.get(r.group_id) : undefined,
      lastSignIn:
        r.last_sign_in_ms === null || r.last_sign_in_ms === undefined
          ? undefined
          : new Date(Number(r.last_sign_in_ms)).toISOString(),
      signIns30d: Number(r.s30 ?? 0),
      signIns90d: Number(r.s90 ?? 0),
    }));
  }

  async getPerson(entityRef: string) {
    const person = await this.knex('people')
      .where({ entity_ref: entityRef })
      .first();
    const teams = (
      await this.knex('person_teams')
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
  async peerUsage(
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
    const names = await this.appNames();
    const count = async (
      peers: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
    ): Promise<PeerAppCount[]> => {
      const rows: Array<{ app_key: string; users: number | string }> =
        await peers(this.knex('people as p'))
          .join('activity_last as l', 'l.okta_user_id', 'p.okta_user_id')
          .join('app_instances as i', 'i.id', 'l.instance_id')
          .where('l.last_sign_in_ms', '>=', cutoff)
          .whereNot('i.status', 'REMOVED')
          .whereNot('p.email', person.email)
          .groupBy('i.app_key')
          .select(
            'i.app_key',
            this.knex.raw('count(distinct p.okta_user_id) as users'),
          );
      return rows
        .map(r => ({
          appKey: r.app_key,
          appName: names.get(r.app_key) ?? r.app_key,
          users: Number(r.users),
        }))
        .sort(
          (a, b) => b.users - a.users || a.appName.localeCompare(b.appName),
        );
    };
    const byTeam = person.teams.length
      ? await count(q =>
          q.whereIn(
            'p.entity_ref',
            this.knex('person_teams')
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

  private async appNames(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const r of await this.knex('app_instances').select(
      'app_key',
      'label',
    )) {
      const current = names.get(r.app_key);
      if (!current || r.label.length < current.length)
        names.set(r.app_key, r.label);
    }
    return names;
  }

  async unmatchedPeople(): Promise<UnmatchedPeople> {
    const catalogOnly = await this.knex('people')
      .whereNull('okta_user_id')
      .whereNotNull('entity_ref')
      .orderBy('email');
    const oktaOnly = await this.knex('people')
      .whereNull('entity_ref')
      .whereNotNull('okta_user_id')
      .orderBy('email');
    return {
      catalogOnly: catalogOnly.map(p => ({
        entityRef: p.entity_ref,
        email: p.email,
      })),
      oktaOnly: oktaOnly.map(p => ({
        oktaUserId: p.okta_user_id,
        email: p.email,
        status: p.okta_status ?? undefined,
      })),
    };
  }
}
