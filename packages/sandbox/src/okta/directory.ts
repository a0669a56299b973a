import { appUserId, stableId } from '../state/ids';
import {
  DirectoryEvents,
  DirectoryEventType,
  LogActor,
  LogTarget,
} from './directoryEvents';
import { SeedHistory } from './history';
import {
  AppUserEntry,
  Change,
  GroupAssignment,
  OktaApp,
  OktaGroup,
  OktaUser,
  OktaWrite,
} from './types';
import type { PastMembership } from './membershipHistory';

export * from './types';

const iso = (ms: number) => new Date(ms).toISOString();
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * The Okta org of the sandbox: users, groups, memberships, apps and their
 * user and group assignments, with when each was made. Mutations happen
 * through the API routes; `seedDirectory` builds the seeded org.
 */
export class OktaDirectory {
  readonly users = new Map<string, OktaUser>();
  readonly groups = new Map<string, OktaGroup>();
  /** groupId → member user ids */
  readonly members = new Map<string, Set<string>>();
  /** groupId → userId → when they joined */
  readonly memberSince = new Map<string, Map<string, string>>();
  /** Seeded memberships that ended before the seed date (System Log only). */
  pastMemberships: PastMembership[] = [];
  readonly apps = new Map<string, OktaApp>();
  /** appId → groupId → assignment */
  readonly appGroups = new Map<string, Map<string, GroupAssignment>>();
  /** appId → userId → time of direct assignment */
  readonly appDirectUsers = new Map<string, Map<string, string>>();
  /** Membership and assignment calls made through the API (not the seeding), oldest first. */
  readonly writes: OktaWrite[] = [];
  /** The System Log events of user, membership and assignment changes. */
  readonly events = new DirectoryEvents();
  /** groupId → when a member last joined or left */
  private readonly membershipUpdated = new Map<string, string>();
  /** appId → userId → times of an assignment changed through the API */
  private readonly appUserTimes = new Map<
    string,
    Map<string, { created: string; lastUpdated: string }>
  >();

  constructor(readonly history: SeedHistory = new SeedHistory()) {}

  /**
   * Adds `count` synthetic active people (load.example.com) who hold an app
   * through `groupId`, created at `created` (default: a year before the
   * seed date) and members since then, without System Log events: for load
   * and fault tests over thousands of users. Returns their ids.
   */
  addSyntheticUsers(
    count: number,
    options: { groupId: string; prefix?: string; created?: string },
  ): string[] {
    const everyone = [...this.groups.values()].find(g => g.type === 'BUILT_IN');
    const prefix = options.prefix ?? 'load';
    const created = options.created ?? this.history.daysBefore(365);
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const login = `${prefix}.${n}@load.example.com`;
      const id = stableId('00u', login);
      this.users.set(id, {
        id,
        status: 'ACTIVE',
        created,
        activated: created,
        statusChanged: created,
        lastUpdated: created,
        profile: {
          login,
          email: login,
          firstName: prefix,
          lastName: String(n),
          displayName: `${prefix} ${n}`,
        },
      });
      if (everyone) this.seedMember(everyone.id, id, created);
      this.seedMember(options.groupId, id, created);
      ids.push(id);
    }
    return ids;
  }

  addGroup(
    name: string,
    description: string,
    type: OktaGroup['type'] = 'OKTA_GROUP',
    created: string = this.history.orgCreated,
  ): OktaGroup {
    const group: OktaGroup = {
      id: stableId('00g', `group:${name}`),
      type,
      created,
      profile: { name, description },
    };
    this.groups.set(group.id, group);
    this.members.set(group.id, new Set());
    this.memberSince.set(group.id, new Map());
    return group;
  }

  /** Seeds a membership since `at`, with its System Log event when `actor` is given. */
  seedMember(groupId: string, userId: string, at: string, actor?: LogActor) {
    if (this.members.get(groupId)!.has(userId)) return;
    this.members.get(groupId)!.add(userId);
    this.memberSince.get(groupId)!.set(userId, at);
    this.membershipUpdated.set(
      groupId,
      later(this.membershipUpdated.get(groupId) ?? at, at),
    );
    if (actor)
      this.log('group.user_membership.add', Date.parse(at), actor, [
        this.userTarget(userId),
        this.groupTarget(groupId),
      ]);
  }

  /** When a group's membership last changed: its creation if never. */
  lastMembershipUpdated(groupId: string): string {
    return (
      this.membershipUpdated.get(groupId) ?? this.groups.get(groupId)!.created
    );
  }

  addMember(groupId: string, userId: string, change: Change): boolean {
    if (this.members.get(groupId)!.has(userId)) return false;
    this.track(this.appsOfGroup(groupId, userId), change, () =>
      this.seedMember(groupId, userId, iso(change.at), change.actor),
    );
    return true;
  }

  removeMember(groupId: string, userId: string, change: Change): boolean {
    if (!this.members.get(groupId)?.has(userId)) return false;
    this.track(this.appsOfGroup(groupId, userId), change, () => {
      this.members.get(groupId)!.delete(userId);
      this.memberSince.get(groupId)!.delete(userId);
      this.membershipUpdated.set(groupId, iso(change.at));
    });
    this.log('group.user_membership.remove', change.at, change.actor, [
      this.userTarget(userId),
      this.groupTarget(groupId),
    ]);
    return true;
  }

  /** Assigns a user directly (scope USER); false if they already were. */
  assignUser(appId: string, userId: string, change: Change): boolean {
    const direct = this.appDirectUsers.get(appId)!;
    if (direct.has(userId)) return false;
    this.track([[appId, userId]], change, () =>
      direct.set(userId, iso(change.at)),
    );
    return true;
  }

  unassignUser(appId: string, userId: string, change: Change): boolean {
    const direct = this.appDirectUsers.get(appId)!;
    if (!direct.has(userId)) return false;
    this.track([[appId, userId]], change, () => direct.delete(userId));
    return true;
  }

  /** Assigns a group to an app (or changes its assignment); its members get the app. */
  assignGroup(
    appId: string,
    groupId: string,
    assignment: { priority: number; profile: Record<string, unknown> },
    change: Change,
  ): GroupAssignment {
    const assignments = this.appGroups.get(appId)!;
    const at = iso(change.at);
    const asg: GroupAssignment = {
      ...assignment,
      created: assignments.get(groupId)?.created ?? at,
      lastUpdated: at,
    };
    const pairs = [...this.members.get(groupId)!].map(
      u => [appId, u] as [string, string],
    );
    this.track(pairs, change, () => assignments.set(groupId, asg));
    return asg;
  }

  unassignGroup(appId: string, groupId: string, change: Change): void {
    const pairs = [...(this.members.get(groupId) ?? [])].map(
      u => [appId, u] as [string, string],
    );
    this.track(pairs, change, () => this.appGroups.get(appId)!.delete(groupId));
  }

  recordWrite(write: Omit<OktaWrite, 'at'>, at: number): void {
    this.writes.push({ at: iso(at), ...write });
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

  /** One person's assignment to an app, if any. */
  appUser(appId: string, userId: string): AppUserEntry | undefined {
    return this.resolver(appId)(userId);
  }

  /**
   * Everyone assigned to an app, directly (scope USER) or through an
   * assigned group (scope GROUP), with the group they got it from (the
   * assigned group of lowest priority) and since when they have it.
   */
  appUsers(appId: string): AppUserEntry[] {
    const ids = new Set(this.appDirectUsers.get(appId)?.keys() ?? []);
    for (const groupId of this.appGroups.get(appId)?.keys() ?? []) {
      for (const userId of this.members.get(groupId) ?? []) ids.add(userId);
    }
    const resolve = this.resolver(appId);
    return [...ids].sort((a, b) => a.localeCompare(b)).map(id => resolve(id)!);
  }

  private resolver(
    appId: string,
  ): (userId: string) => AppUserEntry | undefined {
    const assignments = [
      ...(this.appGroups.get(appId) ?? new Map<string, GroupAssignment>()),
    ].sort((a, b) => a[1].priority - b[1].priority);
    const app = this.apps.get(appId);
    return userId => {
      const direct = this.appDirectUsers.get(appId)?.get(userId);
      // Without a break since the earliest way they got it.
      const starts = direct === undefined ? [] : [direct];
      let groupId: string | undefined;
      for (const [gid, asg] of assignments) {
        if (!this.members.get(gid)?.has(userId)) continue;
        groupId ??= gid;
        const joined =
          this.memberSince.get(gid)?.get(userId) ??
          this.users.get(userId)?.created ??
          this.history.orgCreated;
        starts.push(later(joined, asg.created ?? app?.created ?? joined));
      }
      if (starts.length === 0) return undefined;
      const times = this.appUserTimes.get(appId)?.get(userId);
      const created = times?.created ?? starts.sort()[0];
      return {
        userId,
        scope: direct === undefined ? 'GROUP' : 'USER',
        groupId: direct === undefined ? groupId : undefined,
        created,
        lastUpdated: times?.lastUpdated ?? created,
      };
    };
  }

  /** The (app, user) pairs a membership of `groupId` gives. */
  private appsOfGroup(
    groupId: string,
    userId: string,
  ): Array<[string, string]> {
    return [...this.appGroups]
      .filter(([, assignments]) => assignments.has(groupId))
      .map(([appId]) => [appId, userId]);
  }

  /**
   * Runs a change and keeps the assignments it touches truthful: one that
   * starts gets the change's time (and an event), one that goes away is
   * forgotten (and an event), one that goes on keeps its start and is
   * updated if its scope or group changed.
   */
  private track(
    pairs: Array<[string, string]>,
    change: Change,
    mutate: () => void,
  ) {
    const before = pairs.map(([appId, userId]) => this.appUser(appId, userId));
    mutate();
    const at = iso(change.at);
    pairs.forEach(([appId, userId], i) => {
      const was = before[i];
      const now = this.appUser(appId, userId);
      let times = this.appUserTimes.get(appId);
      if (!times) this.appUserTimes.set(appId, (times = new Map()));
      if (!now) {
        if (!was) return;
        times.delete(userId);
        this.log(
          'application.user_membership.remove',
          change.at,
          change.actor,
          this.appUserTargets(appId, userId),
        );
        return;
      }
      if (!was) {
        times.set(userId, { created: at, lastUpdated: at });
        this.log(
          'application.user_membership.add',
          change.at,
          change.actor,
          this.appUserTargets(appId, userId),
        );
        return;
      }
      const moved = was.scope !== now.scope || was.groupId !== now.groupId;
      times.set(userId, {
        created: was.created,
        lastUpdated: moved ? at : was.lastUpdated,
      });
    });
  }

  log(
    type: DirectoryEventType,
    at: number,
    actor: LogActor | undefined,
    targets: LogTarget[],
  ) {
    if (actor) this.events.add(type, at, actor, targets);
  }

  userTarget(userId: string): LogTarget {
    const u = this.users.get(userId);
    return {
      id: userId,
      type: 'User',
      alternateId: u?.profile.login ?? userId,
      displayName: u?.profile.displayName ?? userId,
    };
  }

  groupTarget(groupId: string): LogTarget {
    const name = this.groups.get(groupId)?.profile.name ?? groupId;
    return {
      id: groupId,
      type: 'UserGroup',
      alternateId: name,
      displayName: name,
    };
  }

  /** The targets of an app membership event: the assignment, the app and the user. */
  appUserTargets(appId: string, userId: string): LogTarget[] {
    const user = this.userTarget(userId);
    const label = this.apps.get(appId)?.label ?? appId;
    return [
      { ...user, id: appUserId(appId, userId), type: 'AppUser' },
      {
        id: appId,
        type: 'AppInstance',
        alternateId: label,
        displayName: label,
      },
      user,
    ];
  }
}
