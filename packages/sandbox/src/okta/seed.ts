import { stableId } from '../state/ids';
import { DEMO_APPS, NOT_IN_OKTA, OKTA_ONLY_PEOPLE } from '../state/demoApps';
import { Org } from '../state/org';
import { ADMIN_ACTOR, OktaApp, OktaDirectory, OktaUser } from './directory';
import { SeedHistory } from './history';
import { seedMembershipHistory } from './membershipHistory';

/** The features of an app Okta provisions (SCIM): it creates, updates and deactivates people in it. */
const PROVISIONING_FEATURES = [
  'PUSH_NEW_USERS',
  'PUSH_PROFILE_UPDATES',
  'PUSH_USER_DEACTIVATION',
  'REACTIVATE_USERS',
  'GROUP_PUSH',
];

const HOUR = 3600 * 1000;

/**
 * When each Okta-only person's account was created (days before the seed
 * date) and, for the one who left, when they were deprovisioned.
 */
const OKTA_ONLY_HISTORY: Record<string, { created: number; left?: number }> = {
  'svc.build@acme.example.com': { created: 6 * 365 - 10 },
  'casey.wong@contractors.acme.example.com': { created: 130 },
  'jordan.blake@acme.example.com': { created: 3 * 365 + 40, left: 47 },
};

/**
 * The seeded Okta org of the demo organization, with a deterministic
 * history (see `SeedHistory`): accounts created over six years up to a few
 * recent hires, team memberships from the first day, app assignments on
 * the first days or later. Each creation and membership has its System
 * Log event, by the administrator.
 */
export function seedDirectory(
  org: Org,
  history: SeedHistory = new SeedHistory(),
): OktaDirectory {
  const dir = new OktaDirectory(history);
  const actor = ADMIN_ACTOR;
  const user = (u: Omit<OktaUser, 'statusChanged' | 'lastUpdated'>) => {
    const statusChanged = u.activated;
    dir.users.set(u.id, {
      ...u,
      statusChanged,
      lastUpdated: statusChanged ?? u.created,
    });
    dir.log('user.lifecycle.create', Date.parse(u.created), actor, [
      dir.userTarget(u.id),
    ]);
    if (u.activated) {
      dir.log('user.lifecycle.activate', Date.parse(u.activated), actor, [
        dir.userTarget(u.id),
      ]);
    }
  };
  const plus = (at: string, ms: number) =>
    new Date(Date.parse(at) + ms).toISOString();

  const everyone = dir.addGroup(
    'Everyone',
    'All users in your organization',
    'BUILT_IN',
  );
  const teamGroup = new Map<string, string>();
  for (const team of org.groups.filter(g => g.type === 'team')) {
    teamGroup.set(
      team.name,
      dir.addGroup(
        team.displayName,
        `Team ${team.displayName}`,
        'OKTA_GROUP',
        history.teamCreated(team.name),
      ).id,
    );
  }

  const byName = new Map(org.people.map(p => [p.name, p]));
  const managers = new Set(org.people.map(p => p.manager));
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
    const created = history.personCreated({
      name: person.name,
      manager: person.manager,
      managesOthers: managers.has(person.name),
    });
    user({
      id,
      status: 'ACTIVE',
      created,
      activated: plus(created, 5 * 60_000),
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
    dir.seedMember(everyone.id, id, created);
    for (const team of person.groups) {
      const gid = teamGroup.get(team);
      if (gid) dir.seedMember(gid, id, plus(created, 2 * HOUR), actor);
    }
  }
  for (const extra of OKTA_ONLY_PEOPLE) {
    const id = stableId('00u', extra.login);
    const past = OKTA_ONLY_HISTORY[extra.login] ?? { created: 365 };
    const created = history.daysBefore(past.created);
    user({
      id,
      status: extra.status,
      created,
      activated: plus(created, 5 * 60_000),
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
    if (past.left !== undefined) {
      // Deprovisioned: out of every group and app since they left.
      const left = history.daysBefore(past.left);
      Object.assign(dir.users.get(id)!, {
        statusChanged: left,
        lastUpdated: left,
      });
    }
    if (extra.status === 'ACTIVE') dir.seedMember(everyone.id, id, created);
  }

  const teamMembers = (team: string) =>
    org.people
      .filter(p => p.groups.includes(team))
      .map(p => userIdByName.get(p.name))
      .filter((id): id is string => Boolean(id));
  const assigned = (key: string, userId: string, appCreated: string) =>
    history.assignedAt(
      key,
      userId,
      later(dir.users.get(userId)!.created, appCreated),
    );

  for (const demo of DEMO_APPS) {
    const app: OktaApp = {
      id: stableId('0oa', `app:${demo.key}`),
      name: demo.product,
      label: demo.label,
      status: 'ACTIVE',
      signOnMode: demo.signOnMode,
      created: history.appCreated(demo.key),
      // Apps licensed through tier groups are provisioned from Okta; the
      // ones that assign people directly only sign them in.
      features: demo.tiers ? PROVISIONING_FEATURES : [],
    };
    dir.apps.set(app.id, app);
    dir.appGroups.set(app.id, new Map());
    dir.appDirectUsers.set(app.id, new Map());
    for (const [priority, tier] of (demo.tiers ?? []).entries()) {
      const group = dir.addGroup(
        tier.group,
        `${demo.label} ${tier.tier} licenses`,
        'OKTA_GROUP',
        app.created,
      );
      dir.appGroups.get(app.id)!.set(group.id, {
        priority,
        profile: {},
        created: app.created,
        lastUpdated: app.created,
      });
      for (const team of tier.teams) {
        for (const uid of teamMembers(team)) {
          const at = assigned(tier.group, uid, app.created);
          dir.seedMember(group.id, uid, at, actor);
        }
      }
    }
    for (const team of demo.directTeams ?? []) {
      for (const uid of teamMembers(team)) {
        dir.appDirectUsers
          .get(app.id)!
          .set(uid, assigned(demo.key, uid, app.created));
      }
    }
  }
  // The contractor designs in Figma without being in the catalog.
  const casey = stableId('00u', OKTA_ONLY_PEOPLE[1].login);
  const figma = stableId('0oa', 'app:figma');
  dir.appDirectUsers
    .get(figma)!
    .set(casey, plus(dir.users.get(casey)!.created, 26 * HOUR));

  // Each assignment's System Log event, at the time it began.
  for (const app of dir.apps.values()) {
    for (const au of dir.appUsers(app.id)) {
      dir.log(
        'application.user_membership.add',
        Date.parse(au.created),
        actor,
        dir.appUserTargets(app.id, au.userId),
      );
    }
  }
  dir.pastMemberships = seedMembershipHistory(dir, history);
  return dir;
}

function later(a: string, b: string) {
  return a > b ? a : b;
}
