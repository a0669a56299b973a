import { Client } from '@okta/okta-sdk-nodejs';
import { clearProxyEnvironment } from '../proxy';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

/**
 * What a directory sync reads from the sandbox's Okta: groups by search or
 * filter, and people with the standard profile's title, department,
 * employee number, manager and managerId, also people added through the
 * Users API who are nowhere else.
 */
describe('Okta people and groups for a directory sync', () => {
  let sandbox: Sandbox;
  let okta: Client;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
    okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
  });
  afterAll(() => sandbox.stop());

  async function all<T>(
    collection: Promise<AsyncIterable<T | null>>,
  ): Promise<T[]> {
    const items: T[] = [];
    for await (const item of await collection) if (item) items.push(item);
    return items;
  }
  const names = (groups: Array<{ profile?: { name?: string } }>) =>
    groups.map(g => g.profile!.name!).sort();

  it('searches and filters groups by type and name, as Okta does', async () => {
    const everything = await all(okta.groupApi.listGroups({ limit: 5 }));
    const oktaGroups = await all(
      okta.groupApi.listGroups({ search: 'type eq "OKTA_GROUP"', limit: 5 }),
    );
    expect(names(everything)).toContain('Everyone');
    expect(names(oktaGroups)).not.toContain('Everyone');
    expect(oktaGroups).toHaveLength(everything.length - 1);
    expect(names(oktaGroups)).toEqual(
      expect.arrayContaining(['Finance', 'Platform Engineering', 'Zoom Pro']),
    );

    const filtered = await all(
      okta.groupApi.listGroups({ filter: 'type eq "BUILT_IN"' }),
    );
    expect(names(filtered)).toEqual(['Everyone']);
    const teams = await all(
      okta.groupApi.listGroups({
        search: 'type eq "OKTA_GROUP" and profile.description sw "Team "',
      }),
    );
    expect(names(teams)).toEqual([
      'Finance',
      'IT',
      'Marketing',
      'Platform Engineering',
      'Product Engineering',
      'Sales',
    ]);
    const tableau = await all(
      okta.groupApi.listGroups({ search: 'profile.name co "ableau"' }),
    );
    expect(names(tableau)).toEqual([
      'Tableau Creator',
      'Tableau Explorer',
      'Tableau Viewer',
    ]);
  });

  it('answers 400 for a search it cannot evaluate', async () => {
    await expect(
      all(okta.groupApi.listGroups({ search: 'type co "OKTA"' })),
    ).rejects.toMatchObject({ status: 400, errorCode: 'E0000001' });
    await expect(
      all(okta.groupApi.listGroups({ search: 'source.id eq "0oa1"' })),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('keeps a new person’s title, department, employee number and manager, and lists them in their group', async () => {
    const [finance] = await all(okta.groupApi.listGroups({ q: 'Finance' }));
    const manager = await okta.userApi.getUser({
      userId: 'charlotte.davis@acme.example.com',
    });
    const created = await okta.userApi.createUser({
      body: {
        profile: {
          login: 'riley.quinn@acme.example.com',
          email: 'riley.quinn@acme.example.com',
          firstName: 'Riley',
          lastName: 'Quinn',
          title: 'Financial Analyst',
          department: 'Finance',
          employeeNumber: 'E-1042',
          manager: 'Charlotte Davis',
          managerId: manager.id,
        },
        credentials: { password: { value: 'Sandbox-Passw0rd!' } },
        groupIds: [finance.id!],
      },
    });
    const [found] = await all(
      okta.userApi.listUsers({ search: 'profile.employeeNumber eq "E-1042"' }),
    );
    expect(found.id).toBe(created.id);
    expect(found.profile).toMatchObject({
      displayName: 'Riley Quinn',
      title: 'Financial Analyst',
      department: 'Finance',
      employeeNumber: 'E-1042',
      manager: 'Charlotte Davis',
      managerId: manager.id,
    });
    const members = await all(
      okta.groupApi.listGroupUsers({ groupId: finance.id! }),
    );
    expect(members.map(m => m.profile!.login)).toContain(
      'riley.quinn@acme.example.com',
    );
  });
});
