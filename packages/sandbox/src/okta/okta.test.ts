import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { generateKeyPairSync } from 'node:crypto';
import { clearProxyEnvironment } from '../proxy';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

describe('Okta slice through @okta/okta-sdk-nodejs', () => {
  let sandbox: Sandbox;
  let okta: Client;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
    okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
      requestExecutor: new DefaultRequestExecutor({
        maxRetries: 2,
        requestTimeout: 0,
      }),
    });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  async function all<T>(
    collection: Promise<AsyncIterable<T | null>>,
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const item of await collection) if (item) items.push(item);
    return items;
  }

  it('finds a user by e-mail with title, department and manager', async () => {
    const [emma] = await all(
      okta.userApi.listUsers({
        search: 'profile.email eq "emma.jones@acme.example.com"',
      }),
    );
    expect(emma.status).toBe('ACTIVE');
    expect(emma.profile).toMatchObject({
      login: 'emma.jones@acme.example.com',
      email: 'emma.jones@acme.example.com',
      firstName: 'Emma',
      lastName: 'Jones',
      title: 'Software Engineer',
      department: 'Engineering',
      manager: 'Olivia Chen',
    });
    const manager = await okta.userApi.getUser({
      userId: emma.profile!.managerId!,
    });
    expect(manager.profile?.email).toBe('olivia.chen@acme.example.com');
    const byLogin = await okta.userApi.getUser({
      userId: 'emma.jones@acme.example.com',
    });
    expect(byLogin.id).toBe(emma.id);
  });

  it('pages through every user with Link headers and keeps the people outside the catalog', async () => {
    const users = await all(okta.userApi.listUsers({ limit: 7 }));
    const logins = users.map(u => u.profile!.login);
    expect(new Set(logins).size).toBe(logins.length);
    expect(logins).toContain('casey.wong@contractors.acme.example.com');
    expect(logins).not.toContain('nina.petrov@acme.example.com');
    // Deprovisioned people only show up when searched for.
    expect(logins).not.toContain('jordan.blake@acme.example.com');
    const [gone] = await all(
      okta.userApi.listUsers({ search: 'status eq "DEPROVISIONED"' }),
    );
    expect(gone.profile?.login).toBe('jordan.blake@acme.example.com');
  });

  it('answers 404 with an Okta error for an unknown user', async () => {
    await expect(
      okta.userApi.getUser({ userId: 'nobody@acme.example.com' }),
    ).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('refuses a wrong API token', async () => {
    const intruder = new Client({
      orgUrl: sandbox.urls.okta,
      token: 'wrong',
      cacheMiddleware: null,
    });
    await expect(
      intruder.userApi.getUser({ userId: 'emma.jones@acme.example.com' }),
    ).rejects.toMatchObject({
      status: 401,
      errorCode: 'E0000011',
    });
  });

  it('lists apps, their tier groups and assigned users', async () => {
    const apps = await all(okta.applicationApi.listApplications({ limit: 2 }));
    expect(apps.map(a => a.label).sort()).toEqual([
      'DocuSign',
      'Figma',
      'GitHub Enterprise',
      'Miro',
      'Notion',
      'Salesforce',
      'Salesforce Sandbox',
      'Tableau',
      'Zoom',
    ]);
    const salesforce = apps.filter(
      a => (a as unknown as { name: string }).name === 'salesforce',
    );
    expect(salesforce).toHaveLength(2);

    const figma = apps.find(a => a.label === 'Figma')!;
    const assignments = await all(
      okta.applicationApi.listApplicationGroupAssignments({ appId: figma.id! }),
    );
    const groupNames = await Promise.all(
      assignments.map(
        async a =>
          (
            await okta.groupApi.getGroup({ groupId: a.id! })
          ).profile?.name,
      ),
    );
    expect(groupNames).toEqual(['Figma Viewer', 'Figma Editor']);

    const appUsers = await all(
      okta.applicationApi.listApplicationUsers({ appId: figma.id! }),
    );
    const scopes = new Set(appUsers.map(u => u.scope));
    expect(scopes).toEqual(new Set(['GROUP', 'USER'])); // the contractor is assigned directly
    const viewers = await all(
      okta.groupApi.listGroupUsers({ groupId: assignments[0].id! }),
    );
    for (const v of viewers)
      expect(appUsers.find(u => u.id === v.id)?.scope).toBe('GROUP');
  });

  it('grants and revokes a tier through group membership', async () => {
    const [mia] = await all(
      okta.userApi.listUsers({
        search: 'profile.email eq "mia.nguyen@acme.example.com"',
      }),
    );
    const [tableauViewer] = await all(
      okta.groupApi.listGroups({ q: 'Tableau Viewer' }),
    );
    const tableau = (
      await all(okta.applicationApi.listApplications({ q: 'Tableau' }))
    )[0];

    const seeded = await all(
      okta.applicationApi.listApplicationUsers({ appId: tableau.id! }),
    );
    const granted = Date.now();
    await okta.groupApi.assignUserToGroup({
      groupId: tableauViewer.id!,
      userId: mia.id!,
    });
    let members = await all(
      okta.groupApi.listGroupUsers({ groupId: tableauViewer.id! }),
    );
    expect(members.map(m => m.id)).toContain(mia.id);
    const appUser = await okta.applicationApi.getApplicationUser({
      appId: tableau.id!,
      userId: mia.id!,
    });
    expect(appUser.scope).toBe('GROUP');
    // Assigned now, by the real clock; the seeded assignments keep their dates.
    expect(appUser.created!.getTime()).toBeGreaterThanOrEqual(granted);
    expect(appUser.created!.getTime()).toBeLessThanOrEqual(Date.now());
    const again = await all(
      okta.applicationApi.listApplicationUsers({ appId: tableau.id! }),
    );
    for (const u of seeded) {
      expect(again.find(x => x.id === u.id)?.created).toEqual(u.created);
      expect(u.created!.getTime()).toBeLessThan(granted - 86_400_000);
    }
    const groups = await all(okta.userApi.listUserGroups({ userId: mia.id! }));
    expect(groups.map(g => g.profile?.name)).toContain('Tableau Viewer');

    await okta.groupApi.unassignUserFromGroup({
      groupId: tableauViewer.id!,
      userId: mia.id!,
    });
    members = await all(
      okta.groupApi.listGroupUsers({ groupId: tableauViewer.id! }),
    );
    expect(members.map(m => m.id)).not.toContain(mia.id);
    await expect(
      okta.applicationApi.getApplicationUser({
        appId: tableau.id!,
        userId: mia.id!,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('assigns and unassigns a user directly to an app without tier groups', async () => {
    const miro = (
      await all(okta.applicationApi.listApplications({ q: 'Miro' }))
    )[0];
    const [grace] = await all(
      okta.userApi.listUsers({
        search: 'profile.email eq "grace.clark@acme.example.com"',
      }),
    );
    const assigned = await okta.applicationApi.assignUserToApplication({
      appId: miro.id!,
      appUser: { id: grace.id!, scope: 'USER' },
    });
    expect(assigned).toMatchObject({ id: grace.id, scope: 'USER' });
    await okta.applicationApi.unassignUserFromApplication({
      appId: miro.id!,
      userId: grace.id!,
    });
    await expect(
      okta.applicationApi.getApplicationUser({
        appId: miro.id!,
        userId: grace.id!,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('logs every membership and assignment write, also those that change nothing', async () => {
    const [tableauExplorer] = await all(
      okta.groupApi.listGroups({ q: 'Tableau Explorer' }),
    );
    const docusign = (
      await all(okta.applicationApi.listApplications({ q: 'DocuSign' }))
    )[0];
    const [samuel] = await all(
      okta.userApi.listUsers({
        search: 'profile.email eq "samuel.lewis@acme.example.com"',
      }),
    );
    const before = sandbox.state.directory.writes.length;
    for (let i = 0; i < 2; i++) {
      await okta.groupApi.assignUserToGroup({
        groupId: tableauExplorer.id!,
        userId: samuel.id!,
      });
    }
    await okta.applicationApi.assignUserToApplication({
      appId: docusign.id!,
      appUser: { id: samuel.id!, scope: 'USER' },
    });
    await okta.applicationApi.unassignUserFromApplication({
      appId: docusign.id!,
      userId: samuel.id!,
    });
    await okta.groupApi.unassignUserFromGroup({
      groupId: tableauExplorer.id!,
      userId: samuel.id!,
    });

    const writes = await (
      await fetch(`${sandbox.urls.inspector}/api/okta/writes`)
    ).json();
    expect(
      writes
        .slice(before)
        .map((w: any) => [w.kind, w.target, w.login, w.changed]),
    ).toEqual([
      [
        'group.user.add',
        'Tableau Explorer',
        'samuel.lewis@acme.example.com',
        true,
      ],
      [
        'group.user.add',
        'Tableau Explorer',
        'samuel.lewis@acme.example.com',
        false,
      ],
      ['app.user.assign', 'DocuSign', 'samuel.lewis@acme.example.com', true],
      ['app.user.unassign', 'DocuSign', 'samuel.lewis@acme.example.com', true],
      [
        'group.user.remove',
        'Tableau Explorer',
        'samuel.lewis@acme.example.com',
        true,
      ],
    ]);
    // Reads are not writes.
    await all(okta.groupApi.listGroupUsers({ groupId: tableauExplorer.id! }));
    expect(sandbox.state.directory.writes).toHaveLength(before + 5);
  });

  it('puts rate-limit headers on every answer', async () => {
    const res = await fetch(`${sandbox.urls.okta}/api/v1/apps`, {
      headers: { authorization: `SSWS ${sandbox.credentials.okta.token}` },
    });
    expect(Number(res.headers.get('x-rate-limit-limit'))).toBe(6000);
    expect(Number(res.headers.get('x-rate-limit-remaining'))).toBeLessThan(
      6000,
    );
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(
      Date.now() / 1000 - 1,
    );
  });

  it('is retried by the SDK after a 429 with X-Rate-Limit-Reset, then succeeds', async () => {
    sandbox.state.faults.failNext('okta', 1, '429');
    const retries: unknown[] = [];
    const executor = new DefaultRequestExecutor({
      maxRetries: 2,
      requestTimeout: 0,
    });
    executor.on('backoff', (...args: unknown[]) => retries.push(args));
    const client = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
      requestExecutor: executor,
    });
    const started = Date.now();
    const user = await client.userApi.getUser({
      userId: 'emma.jones@acme.example.com',
    });
    expect(user.profile?.firstName).toBe('Emma');
    expect(retries).toHaveLength(1);
    expect(sandbox.state.faults.stats('okta').injected429).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('signs a service app in with a private key (OAuth client credentials)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const client = new Client({
      orgUrl: sandbox.urls.okta,
      authorizationMode: 'PrivateKey',
      clientId: '0oaSandboxServiceApp',
      keyId: 'sandbox-key',
      scopes: ['okta.users.read'],
      privateKey: privateKey
        .export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      cacheMiddleware: null,
    });
    const user = await client.userApi.getUser({
      userId: 'olivia.chen@acme.example.com',
    });
    expect(user.profile?.title).toBe('Engineering Manager');
  });
});
