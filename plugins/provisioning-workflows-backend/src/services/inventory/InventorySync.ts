import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RunStore } from '../../database/RunStore';
import {
  AssignmentRecord,
  InstanceRecord,
  InventoryStore,
  PersonRecord,
} from '../../database/InventoryStore';
import { DashboardStore } from '../../database/DashboardStore';
import { replayAssignmentHistory } from './assignmentHistory';
import { MembershipEvent, OktaGateway } from './OktaGateway';

const DAY_MS = 24 * 3600 * 1000;

/** Which Okta profile field holds the catalog user's e-mail. */
export type OktaMatchField = 'email' | 'login';

/**
 * Syncs people and the app inventory from Okta and the catalog: apps and
 * instances, their groups and suggested tiers, and who is assigned through
 * which group. Idempotent; every run is recorded with what it read and changed.
 */
export class InventorySync {
  constructor(
    private readonly deps: {
      okta: OktaGateway;
      inventory: InventoryStore;
      /** Takes the day's spend snapshot (app_spend_daily) after each sync. */
      dashboard?: Pick<DashboardStore, 'writeSpendSnapshot'>;
      runs: RunStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      matchField: OktaMatchField;
      /**
       * How far back the first sync reads the System Log's group
       * membership changes for the assignment history (Okta keeps 90 days).
       */
      historyDays?: number;
      now?: () => number;
    },
  ) {}

  async run(): Promise<{ runId: string; stats: Record<string, number> }> {
    const { okta, inventory, runs, logger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const run = await runs.start('inventory-sync');
    const stats: Record<string, number> = {};
    const add = (key: string, n: number) => {
      stats[key] = (stats[key] ?? 0) + n;
    };
    try {
      // People: catalog users and Okta users, matched by e-mail.
      const people = new Map<string, PersonRecord>();
      const catalogUsers = await this.catalogUsers();
      add('catalogUsersRead', catalogUsers.length);
      for (const u of catalogUsers) people.set(u.email, { ...u });
      for await (const u of okta.listUsers()) {
        add('oktaUsersRead', 1);
        const key = (
          this.deps.matchField === 'login' ? u.login : u.email
        ).toLowerCase();
        const person = people.get(key) ?? { email: key, teams: [] };
        Object.assign(person, {
          oktaUserId: u.id,
          oktaStatus: u.status,
          displayName: person.displayName ?? u.displayName,
          title: u.title,
          department: u.department,
          managerOktaId: u.managerId,
          oktaCreatedMs: u.createdMs,
        });
        people.set(key, person);
      }
      const peopleCounts = await inventory.syncPeople(
        [...people.values()],
        now,
      );
      add('peopleAdded', peopleCounts.added);
      add('peopleUpdated', peopleCounts.updated);
      add('peopleRemoved', peopleCounts.removed);
      const unmatched = await inventory.unmatchedPeople();
      stats.catalogOnlyPeople = unmatched.catalogOnly.length;
      stats.oktaOnlyPeople = unmatched.oktaOnly.length;

      // Apps, their group assignments, and who holds them through which group.
      const instances: InstanceRecord[] = [];
      const appUsers = new Map<string, AssignmentRecord[]>();
      const groupNames = new Map<string, string>();
      const groupMembers = new Map<string, Set<string>>();
      for await (const app of okta.listApps()) {
        add('appsRead', 1);
        const groups = await okta.listAppGroups(app.id);
        for (const g of groups) {
          if (!groupNames.has(g.id))
            groupNames.set(g.id, await okta.getGroupName(g.id));
          if (!groupMembers.has(g.id))
            groupMembers.set(g.id, new Set(await okta.listGroupMembers(g.id)));
        }
        instances.push({
          id: app.id,
          appKey: app.name,
          label: app.label,
          status: app.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
          signOnMode: app.signOnMode,
          groups: groups.map(g => ({
            id: g.id,
            name: groupNames.get(g.id)!,
            priority: g.priority,
          })),
        });
        const byPriority = [...groups].sort((a, b) => a.priority - b.priority);
        const users = await okta.listAppUsers(app.id);
        add('assignmentsRead', users.length);
        appUsers.set(
          app.id,
          users.map(u => ({
            oktaUserId: u.id,
            scope: u.scope,
            assignedMs: u.createdMs,
            groupId:
              u.scope === 'GROUP'
                ? byPriority.find(g => groupMembers.get(g.id)?.has(u.id))?.id
                : undefined,
          })),
        );
      }
      const instanceCounts = await inventory.syncInstances(instances, now);
      add('instancesAdded', instanceCounts.added);
      add('instancesUpdated', instanceCounts.updated);
      add('instancesRemoved', instanceCounts.removed);
      // Before the first history is kept: what the System Log tells of the
      // past, worked back from today's assignments and members.
      let events: MembershipEvent[] | undefined;
      const sinceMs = now - (this.deps.historyDays ?? 90) * DAY_MS;
      if (!(await inventory.hasAssignmentHistory())) {
        events = await okta.readMembershipEvents(sinceMs, now);
        add('membershipEventsRead', events.length);
      }
      const instanceById = new Map(instances.map(i => [i.id, i]));
      for (const [appId, list] of appUsers) {
        const history =
          events &&
          replayAssignmentHistory({
            groups: instanceById.get(appId)!.groups,
            current: list,
            members: groupMembers,
            events,
            sinceMs,
            nowMs: now,
          });
        const c = await inventory.syncAssignments(appId, list, now, history);
        add('assignmentsAdded', c.added);
        add('assignmentsUpdated', c.updated);
        add('assignmentsRemoved', c.removed);
      }
      stats.changed =
        (stats.peopleAdded ?? 0) +
        (stats.peopleUpdated ?? 0) +
        (stats.peopleRemoved ?? 0) +
        (stats.instancesAdded ?? 0) +
        (stats.instancesUpdated ?? 0) +
        (stats.instancesRemoved ?? 0) +
        (stats.assignmentsAdded ?? 0) +
        (stats.assignmentsUpdated ?? 0) +
        (stats.assignmentsRemoved ?? 0);
      if (this.deps.dashboard) {
        stats.spendSnapshots = await this.deps.dashboard.writeSpendSnapshot(
          now,
        );
      }
      await runs.finish(run.id, { stats });
      logger.info('Inventory sync finished', { runId: run.id, ...stats });
      return { runId: run.id, stats };
    } catch (error) {
      await runs.finish(run.id, { stats, error: (error as Error).message });
      logger.error('Inventory sync failed', {
        runId: run.id,
        error: (error as Error).message,
      });
      throw error;
    }
  }

  private async catalogUsers(): Promise<PersonRecord[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const out: PersonRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor
          ? { cursor, limit: 500 }
          : { filter: { kind: 'User' }, limit: 500 },
        { credentials },
      );
      for (const entity of page.items as UserEntity[]) {
        const email = entity.spec?.profile?.email?.toLowerCase();
        if (!email) continue;
        out.push({
          email,
          entityRef: stringifyEntityRef(entity),
          displayName: entity.spec.profile?.displayName,
          teams: (entity.relations ?? [])
            .filter(r => r.type === RELATION_MEMBER_OF)
            .map(r => r.targetRef),
        });
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return out;
  }
}
