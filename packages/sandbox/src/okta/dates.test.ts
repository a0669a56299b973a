import { Client } from '@okta/okta-sdk-nodejs';
import { clearProxyEnvironment } from '../proxy';
import { Sandbox, startSandbox } from '../sandbox';
import { generateSsoActivity } from './activity';
import { DEFAULT_SEED_DATE, RECENT_HIRES } from './history';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const SEED = Date.parse(DEFAULT_SEED_DATE);
const iso = (ms: number) => new Date(ms).toISOString();

describe('Okta dates: seeded history and the clock for writes', () => {
  let sandbox: Sandbox;
  let okta: Client;
  let clock = Date.parse('2026-11-02T10:00:00.000Z');

  beforeEach(async () => {
    clearProxyEnvironment();
    clock = Date.parse('2026-11-02T10:00:00.000Z');
    sandbox = await startSandbox({ activity: false, now: () => clock });
    okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
  });
  afterEach(() => sandbox.stop());

  async function all<T>(
    collection: Promise<AsyncIterable<T | null>>,
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const item of await collection) if (item) items.push(item);
    return items;
  }
  const dir = () => sandbox.state.directory;
  const user = (login: string) => dir().findUser(login)!;
  const app = (label: string) =>
    [...dir().apps.values()].find(a => a.label === label)!;
  const group = (name: string) =>
    [...dir().groups.values()].find(g => g.profile.name === name)!;
  const appUserTimes = async (appId: string) =>
    new Map(
      (await all(okta.applicationApi.listApplicationUsers({ appId }))).map(
        u => [u.id!, u.created!.toISOString()],
      ),
    );
  const logEvents = async (filter: string) =>
    all(
      okta.systemLogApi.listLogEvents({
        since: '2020-01-01T00:00:00.000Z',
        until: iso(clock + 1000),
        filter,
      }),
    );

  it('serves a varied, deterministic seeded history, all before the seed date', async () => {
    const users = await all(okta.userApi.listUsers({ limit: 200 }));
    const created = users.map(u => u.created!.getTime());
    expect(new Set(created).size).toBe(users.length);
    expect(Math.max(...created)).toBeLessThan(SEED);
    expect(Math.min(...created)).toBeLessThan(SEED - 5 * 365 * DAY);
    for (const u of users) {
      expect(u.activated!.getTime()).toBeGreaterThanOrEqual(
        u.created!.getTime(),
      );
      expect(u.statusChanged!.getTime()).toBe(u.activated!.getTime());
    }
    // The recent hires joined shortly before the seed date.
    for (const [name, days] of Object.entries(RECENT_HIRES)) {
      const hire = users.find(u => u.profile!.login!.startsWith(`${name}@`))!;
      expect(hire.created!.getTime()).toBeGreaterThan(SEED - (days + 1) * DAY);
    }
    const [gone] = await all(
      okta.userApi.listUsers({ search: 'status eq "DEPROVISIONED"' }),
    );
    expect(gone.statusChanged!.getTime()).toBeGreaterThan(
      gone.activated!.getTime(),
    );

    // Assignments began after the person and the app were created, at varied times.
    const figma = app('Figma');
    const times = await appUserTimes(figma.id);
    for (const [userId, at] of times) {
      expect(at >= dir().users.get(userId)!.created).toBe(true);
      expect(at >= figma.created).toBe(true);
      expect(Date.parse(at)).toBeLessThan(SEED);
    }
    expect(new Set(times.values()).size).toBeGreaterThan(times.size / 2);
    const editor = await okta.groupApi.getGroup({
      groupId: group('Figma Editor').id,
    });
    expect(editor.lastMembershipUpdated!.getTime()).toBe(
      Math.max(
        ...[...dir().memberSince.get(editor.id!)!.values()].map(Date.parse),
      ),
    );

    // The same on every start, whatever the clock.
    const again = await startSandbox({ activity: false });
    try {
      expect(
        [...again.state.directory.users.values()].map(u => u.created),
      ).toEqual([...dir().users.values()].map(u => u.created));
      expect(again.state.directory.appUsers(figma.id)).toEqual(
        dir().appUsers(figma.id),
      );
    } finally {
      await again.stop();
    }
  });

  it('dates a membership added later with the clock, and keeps the seeded ones', async () => {
    const tableau = app('Tableau');
    const viewer = group('Tableau Viewer');
    const mia = user('mia.nguyen@acme.example.com');
    const before = await appUserTimes(tableau.id);
    expect(before.has(mia.id)).toBe(false);

    clock += 3600_000;
    await okta.groupApi.assignUserToGroup({
      groupId: viewer.id,
      userId: mia.id,
    });
    const after = await appUserTimes(tableau.id);
    expect(after.get(mia.id)).toBe(iso(clock));
    after.delete(mia.id);
    expect(after).toEqual(before);
    const appUser = await okta.applicationApi.getApplicationUser({
      appId: tableau.id,
      userId: mia.id,
    });
    expect(appUser.statusChanged!.getTime()).toBe(clock);
    expect(appUser.lastUpdated!.getTime()).toBe(clock);
    const served = await okta.groupApi.getGroup({ groupId: viewer.id });
    expect(served.lastMembershipUpdated!.getTime()).toBe(clock);
    expect(served.created!.getTime()).toBeLessThan(SEED);

    // The System Log has the membership and the assignment it gave, by the token's admin.
    const [added] = await logEvents(
      `eventType eq "group.user_membership.add" and target.id eq "${mia.id}" and target.id eq "${viewer.id}"`,
    );
    expect(added.published!.getTime()).toBe(clock);
    expect(added.target!.map(t => t.type)).toEqual(['User', 'UserGroup']);
    expect(added.actor!.alternateId).toBe('okta.admin@acme.example.com');
    const [assigned] = await logEvents(
      `eventType eq "application.user_membership.add" and target.id eq "${tableau.id}" and target.id eq "${mia.id}"`,
    );
    expect(assigned.published!.getTime()).toBe(clock);
    // The seeded memberships have theirs, at the seeded times.
    const seeded = await logEvents(
      `eventType eq "group.user_membership.add" and target.id eq "${viewer.id}"`,
    );
    // (and the memberships that ended before the seed date, theirs).
    expect(seeded.map(e => e.published!.toISOString()).sort()).toEqual(
      [
        ...dir().memberSince.get(viewer.id)!.values(),
        ...dir()
          .pastMemberships.filter(p => p.groupId === viewer.id)
          .map(p => new Date(p.fromMs).toISOString()),
      ].sort(),
    );

    // Out and back in: a new assignment, from the new time.
    clock += 3600_000;
    await okta.groupApi.unassignUserFromGroup({
      groupId: viewer.id,
      userId: mia.id,
    });
    clock += 3600_000;
    await okta.groupApi.assignUserToGroup({
      groupId: viewer.id,
      userId: mia.id,
    });
    expect((await appUserTimes(tableau.id)).get(mia.id)).toBe(iso(clock));
    expect(
      await logEvents(
        `eventType eq "application.user_membership.remove" and target.id eq "${mia.id}"`,
      ),
    ).toHaveLength(1);
  });

  it('keeps an assignment that goes on through another group or directly, updated', async () => {
    const figma = app('Figma');
    const ava = user('ava.rossi@acme.example.com');
    const since = dir().appUser(figma.id, ava.id)!;
    expect(since.groupId).toBe(group('Figma Viewer').id);

    // Upgraded: into the Editor group, then out of the Viewer group.
    clock += 3600_000;
    await okta.groupApi.assignUserToGroup({
      groupId: group('Figma Editor').id,
      userId: ava.id,
    });
    await okta.groupApi.unassignUserFromGroup({
      groupId: group('Figma Viewer').id,
      userId: ava.id,
    });
    let served = await okta.applicationApi.getApplicationUser({
      appId: figma.id,
      userId: ava.id,
    });
    expect(served.created!.toISOString()).toBe(since.created);
    expect(served.lastUpdated!.getTime()).toBe(clock);
    expect(served.scope).toBe('GROUP');

    // Assigned directly as well: scope USER, still since then.
    clock += DAY;
    const direct = await okta.applicationApi.assignUserToApplication({
      appId: figma.id,
      appUser: { id: ava.id, scope: 'USER' },
    });
    expect(direct.scope).toBe('USER');
    expect(direct.created!.toISOString()).toBe(since.created);
    expect(direct.lastUpdated!.getTime()).toBe(clock);

    // A first direct assignment starts now.
    const miro = app('Miro');
    const noah = user('noah.kim@acme.example.com');
    const now = await okta.applicationApi.assignUserToApplication({
      appId: miro.id,
      appUser: { id: noah.id, scope: 'USER' },
    });
    expect(now.created!.getTime()).toBe(clock);
    served = await okta.applicationApi.getApplicationUser({
      appId: miro.id,
      userId: noah.id,
    });
    expect(served.created!.getTime()).toBe(clock);
  });

  it('creates users now: active with a password, provisioned without, staged until activated', async () => {
    clock += 3600_000;
    const created = await okta.userApi.createUser({
      body: {
        profile: {
          login: 'new.hire@acme.example.com',
          email: 'new.hire@acme.example.com',
          firstName: 'New',
          lastName: 'Hire',
        },
        credentials: { password: { value: 'Sandbox-Passw0rd!' } },
        groupIds: [group('Figma Editor').id],
      },
    });
    expect(created.status).toBe('ACTIVE');
    expect(created.created!.getTime()).toBe(clock);
    expect(created.activated!.getTime()).toBe(clock);
    expect(created.statusChanged!.getTime()).toBe(clock);
    expect(created.profile!.displayName).toBe('New Hire');
    const figmaUser = await okta.applicationApi.getApplicationUser({
      appId: app('Figma').id,
      userId: created.id!,
    });
    expect(figmaUser.created!.getTime()).toBe(clock);
    const groups = await all(
      okta.userApi.listUserGroups({ userId: created.id! }),
    );
    expect(groups.map(g => g.profile!.name).sort()).toEqual([
      'Everyone',
      'Figma Editor',
    ]);
    const [event] = await logEvents(
      `eventType eq "user.lifecycle.create" and target.id eq "${created.id}"`,
    );
    expect(event.published!.getTime()).toBe(clock);

    const provisioned = await okta.userApi.createUser({
      body: {
        profile: {
          login: 'invited@acme.example.com',
          email: 'invited@acme.example.com',
          firstName: 'In',
          lastName: 'Vited',
        },
      },
    });
    expect(provisioned.status).toBe('PROVISIONED');

    const staged = await okta.userApi.createUser({
      body: {
        profile: {
          login: 'later@acme.example.com',
          email: 'later@acme.example.com',
          firstName: 'La',
          lastName: 'Ter',
        },
      },
      activate: false,
    });
    expect(staged.status).toBe('STAGED');
    expect(staged.activated).toBeFalsy();
    clock += DAY;
    await okta.userApi.activateUser({ userId: staged.id!, sendEmail: false });
    const active = await okta.userApi.getUser({ userId: staged.id! });
    expect(active.status).toBe('ACTIVE');
    expect(active.created!.getTime()).toBe(clock - DAY);
    expect(active.activated!.getTime()).toBe(clock);

    await expect(
      okta.userApi.createUser({
        body: {
          profile: {
            login: 'emma.jones@acme.example.com',
            email: 'emma.jones@acme.example.com',
            firstName: 'Emma',
            lastName: 'Again',
          },
        },
      }),
    ).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
  });

  it('generates no sign-in before an assignment began', () => {
    const end = Date.parse('2026-11-01T00:00:00.000Z');
    const { events } = generateSsoActivity(dir(), { days: 90, end, seed: 3 });
    const began = new Map<string, number>();
    for (const a of dir().apps.values()) {
      for (const au of dir().appUsers(a.id))
        began.set(`${a.id}:${au.userId}`, Date.parse(au.created));
    }
    expect(events.length).toBeGreaterThan(0);
    // Some assignments began inside the window, and their sign-ins after.
    const inside = [...began.values()].filter(t => t > end - 90 * DAY);
    expect(inside.length).toBeGreaterThan(0);
    for (const e of events)
      expect(e.published).toBeGreaterThanOrEqual(
        began.get(`${e.appId}:${e.userId}`)!,
      );
  });

  it('moves the whole seeded history with oktaSeedDate', async () => {
    const shifted = await startSandbox({
      activity: false,
      oktaSeedDate: SEED + 30 * DAY,
    });
    try {
      const emma = user('emma.jones@acme.example.com');
      const moved = shifted.state.directory.findUser(emma.id)!;
      expect(Date.parse(moved.created) - Date.parse(emma.created)).toBe(
        30 * DAY,
      );
    } finally {
      await shifted.stop();
    }
  });
});
