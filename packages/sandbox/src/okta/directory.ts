import { stableId } from '../state/ids';
import { DEMO_APPS, NOT_IN_OKTA, OKTA_ONLY_PEOPLE } from '../state/demoApps';
import { Org } from '../state/org';

export type OktaUserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'SUSPENDED'
  | 'STAGED';

export type OktaUser = {
  id: string;
  status: OktaUserStatus;
  created: string;
  profile: {
    login: string;
    email: string;
    firstName: string;
    lastName: string;
    displayName: string;
    title?: string;
    department?: string;
    manager?: string;
    managerId?: string;
  };
};

export type OktaGroup = {
  id: string;
  type: 'OKTA_GROUP' | 'BUILT_IN';
  created: string;
  profile: { name: string; description: string };
};

export type OktaApp = {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: string;
  created: string;
};

/**
 * One membership or assignment call the Okta API accepted. Okta answers the
 * same whether or not the call changed anything, so `changed` tells a grant
 * from a repeated one: what tests count to prove "granted exactly once".
 */
export type OktaWrite = {
  at: string;
  kind:
    | 'group.user.add'
    | 'group.user.remove'
    | 'app.user.assign'
    | 'app.user.unassign';
  /** The group (for `group.*`) or app (for `app.*`). */
  targetId: string;
  userId: string;
  changed: boolean;
};

export type GroupAssignment = {
  priority: number;
  profile: Record<string, unknown>;
};

/** The fixed creation time of the seeded objects, so that state is deterministic. */
const SEEDED_AT = '2025-01-06T09:00:00.000Z';

/**
 * The Okta org of the sandbox: users, groups, memberships, apps and their
 * user and group assignments. Mutations happen through the API routes.
 */
export class OktaDirectory {
  readonly users = new Map<string, OktaUser>();
  readonly groups = new Map<string, OktaGroup>();
  /** groupId → member user ids */
  readonly members = new Map<string, Set<string>>();
  readonly apps = new Map<string, OktaApp>();
  /** appId → groupId → assignment */
  readonly appGroups = new Map<string, Map<string, GroupAssignment>>();
  /** appId → userId → time of direct assignment */
  readonly appDirectUsers = new Map<string, Map<string, string>>();
  /** Membership and assignment calls made through the API (not the seeding), oldest first. */
  readonly writes: OktaWrite[] = [];

  static seeded(org: Org): OktaDirectory {
    const dir = new OktaDirectory();
    const everyone = dir.addGroup(
      'Everyone',
      'All users in your organization',
      'BUILT_IN',
    );
    const teamGroup = new Map<string, string>();
    for (const team of org.groups.filter(g => g.type === 'team')) {
      teamGroup.set(
        team.name,
        dir.addGroup(team.displayName, `Team ${team.displayName}`).id,
      );
    }

    const byName = new Map(org.people.map(p => [p.name, p]));
    const userIdByName = new Map<string, string>();
    for (const person of org.people) {
      if (NOT_IN_OKTA.includes(person.name)) continue;
      userIdByName.set(person.name, stableId('00u', person.email));
    }
    for (const person of org.people) {
      const id = userIdByName.get(person.name);
      if (!id) continue;
      const [firstName, ...rest] = person.displayName.split(' ');
      const manager = person.manager ? byName.get(person.manager) : undefined;
      dir.users.set(id, {
        id,
        status: 'ACTIVE',
        created: SEEDED_AT,
        profile: {
          login: person.email,
          email: person.email,
          firstName,
          lastName: rest.join(' '),
          displayName: person.displayName,
          title: person.title,
          department: person.department,
          manager: manager?.displayName,
          managerId: manager ? userIdByName.get(manager.name) : undefined,
        },
      });
      dir.addMember(everyone.id, id);
      for (const team of person.groups) {
        const gid = teamGroup.get(team);
        if (gid) dir.addMember(gid, id);
      }
    }
    for (const extra of OKTA_ONLY_PEOPLE) {
      const id = stableId('00u', extra.login);
      dir.users.set(id, {
        id,
        status: extra.status,
        created: SEEDED_AT,
        profile: {
          login: extra.login,
          email: extra.login,
          firstName: extra.firstName,
          lastName: extra.lastName,
          displayName: `${extra.firstName} ${extra.lastName}`,
          title: extra.title,
          department: extra.department,
        },
      });
      if (extra.status === 'ACTIVE') dir.addMember(everyone.id, id);
    }

    const teamMembers = (team: string) =>
      org.people
        .filter(p => p.groups.includes(team))
        .map(p => userIdByName.get(p.name))
        .filter((id): id is string => Boolean(id));

    for (const demo of DEMO_APPS) {
      const app: OktaApp = {
        id: stableId('0oa', `app:${demo.key}`),
        name: demo.product,
        label: demo.label,
        status: 'ACTIVE',
        signOnMode: demo.signOnMode,
        created: SEEDED_AT,
      };
      dir.apps.set(app.id, app);
      dir.appGroups.set(app.id, new Map());
      dir.appDirectUsers.set(app.id, new Map());
      for (const [priority, tier] of (demo.tiers ?? []).entries()) {
        const group = dir.addGroup(
          tier.group,
          `${demo.label} ${tier.tier} licenses`,
        );
        dir.appGroups.get(app.id)!.set(group.id, { priority, profile: {} });
        for (const team of tier.teams) {
          for (const uid of teamMembers(team)) dir.addMember(group.id, uid);
        }
      }
      for (const team of demo.directTeams ?? []) {
        for (const uid of teamMembers(team)) {
          dir.appDirectUsers.get(app.id)!.set(uid, SEEDED_AT);
        }
      }
    }
    // The contractor designs in Figma and Miro without being in the catalog.
    const casey = stableId('00u', OKTA_ONLY_PEOPLE[1].login);
    const figma = stableId('0oa', 'app:figma');
    dir.appDirectUsers.get(figma)!.set(casey, SEEDED_AT);
    return dir;
  }

  /**
   * Adds `count` synthetic active people (load.example.com) who hold an app
   * through `groupId`: for load and fault tests over thousands of users.
   * Returns their ids.
   */
  addSyntheticUsers(
    count: number,
    options: { groupId: string; prefix?: string; created?: string },
  ): string[] {
    const everyone = [...this.groups.values()].find(g => g.type === 'BUILT_IN');
    const prefix = options.prefix ?? 'load';
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const login = `${prefix}.${n}@load.example.com`;
      const id = stableId('00u', login);
      this.users.set(id, {
        id,
        status: 'ACTIVE',
        created: options.created ?? SEEDED_AT,
        profile: {
          login,
          email: login,
          firstName: prefix,
          lastName: String(n),
          displayName: `${prefix} ${n}`,
        },
      });
      if (everyone) this.addMember(everyone.id, id);
      this.addMember(options.groupId, id);
      ids.push(id);
    }
    return ids;
  }

  addGroup(
    name: string,
    description: string,
    type: OktaGroup['type'] = 'OKTA_GROUP',
  ): OktaGroup {
    const group: OktaGroup = {
      id: stableId('00g', `group:${name}`),
      type,
      created: SEEDED_AT,
      profile: { name, description },
    };
    this.groups.set(group.id, group);
    this.members.set(group.id, new Set());
    return group;
  }

  addMember(groupId: string, userId: string): boolean {
    const set = this.members.get(groupId)!;
    const had = set.has(userId);
    set.add(userId);
    return !had;
  }

  recordWrite(write: Omit<OktaWrite, 'at'>, at: number): void {
    this.writes.push({ at: new Date(at).toISOString(), ...write });
  }

  /** Finds a user by id, login or login short name, as Okta's GET /users/{id} does. */
  findUser(idOrLogin: string): OktaUser | undefined {
    const direct = this.users.get(idOrLogin);
    if (direct) return direct;
    const lower = idOrLogin.toLowerCase();
    for (const user of this.users.values()) {
      const login = user.profile.login.toLowerCase();
      if (login === lower || login.split('@')[0] === lower) return user;
    }
    return undefined;
  }

  userGroups(userId: string): OktaGroup[] {
    return [...this.members.entries()]
      .filter(([, set]) => set.has(userId))
      .map(([gid]) => this.groups.get(gid)!);
  }

  /**
   * Everyone assigned to an app, directly (scope USER) or through an
   * assigned group (scope GROUP), with the group they got it from.
   */
  appUsers(appId: string): Array<{
    userId: string;
    scope: 'USER' | 'GROUP';
    groupId?: string;
    created: string;
  }> {
    const result = new Map<
      string,
      {
        userId: string;
        scope: 'USER' | 'GROUP';
        groupId?: string;
        created: string;
      }
    >();
    for (const [userId, created] of this.appDirectUsers.get(appId) ?? []) {
      result.set(userId, { userId, scope: 'USER', created });
    }
    const assignments = [
      ...(this.appGroups.get(appId) ?? new Map()).entries(),
    ].sort((a, b) => a[1].priority - b[1].priority);
    for (const [groupId] of assignments) {
      for (const userId of this.members.get(groupId) ?? []) {
        if (!result.has(userId)) {
          result.set(userId, {
            userId,
            scope: 'GROUP',
            groupId,
            created: SEEDED_AT,
          });
        }
      }
    }
    return [...result.values()].sort((a, b) =>
      a.userId.localeCompare(b.userId),
    );
  }
}
