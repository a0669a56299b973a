import { ConfigReader } from '@backstage/config';
import { Group, User } from '@okta/okta-sdk-nodejs';
import { buildOrgEntities, OktaOrg } from './buildOrgEntities';
import { readProviderConfig } from './config';

const ORG_URL = 'https://acme.okta.com';

const user = (id: string, profile: Record<string, unknown>) =>
  ({ id, status: 'ACTIVE', profile } as unknown as User);
const group = (id: string, name: string, description = '') =>
  ({ id, type: 'OKTA_GROUP', profile: { name, description } } as Group);

const config = (provider: object = {}, root: object = {}) =>
  readProviderConfig(
    new ConfigReader({
      ...root,
      catalog: { providers: { productivOkta: provider } },
    }),
  )!;

const olivia = user('00u1', {
  login: 'olivia.chen@acme.example.com',
  email: 'olivia.chen@acme.example.com',
  displayName: 'Olivia Chen',
  title: 'Engineering Manager',
  department: 'Engineering',
  employeeNumber: 'E-7',
});
const emma = user('00u2', {
  login: 'emma.jones@acme.example.com',
  email: 'emma.jones@acme.example.com',
  firstName: 'Emma',
  lastName: 'Jones',
  title: 'Software Engineer',
  department: 'Engineering',
  manager: 'Olivia Chen',
  managerId: '00u1',
});
const platform = group(
  '00g1',
  'Platform Engineering',
  'Team Platform Engineering',
);

function org(
  users: User[],
  groups: Group[] = [],
  members: Record<string, string[]> = {},
): OktaOrg {
  return { users, groups, members: new Map(Object.entries(members)) };
}

describe('buildOrgEntities', () => {
  it('makes users with profile, Okta id, title, department and the manager ref, and team groups with members', async () => {
    const { users, groups, stats } = await buildOrgEntities(
      org([olivia, emma], [platform], { '00g1': ['00u1', '00u2', '00u9'] }),
      { config: config(), orgUrl: ORG_URL },
    );
    expect(users.find(u => u.metadata.name === 'emma.jones')).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: 'emma.jones',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `okta:${ORG_URL}/users/00u2`,
          'backstage.io/managed-by-origin-location': `okta:${ORG_URL}/users/00u2`,
          'okta.com/user-id': '00u2',
          'productiv.io/job-title': 'Software Engineer',
          'productiv.io/department': 'Engineering',
          'productiv.io/manager': 'user:default/olivia.chen',
        },
      },
      spec: {
        profile: {
          displayName: 'Emma Jones',
          email: 'emma.jones@acme.example.com',
        },
        memberOf: ['group:default/platform-engineering'],
      },
    });
    expect(groups).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({
          name: 'platform-engineering',
          description: 'Team Platform Engineering',
          annotations: expect.objectContaining({ 'okta.com/group-id': '00g1' }),
        }),
        spec: {
          type: 'team',
          profile: { displayName: 'Platform Engineering' },
          children: [],
        },
      }),
    ]);
    // The member who is not among the users read (00u9) is left out.
    expect(stats).toMatchObject({
      users: 2,
      groups: 1,
      memberships: 2,
      managers: { byId: 1, byName: 0, fromTransformer: 0 },
      managersNotFound: 0,
    });
  });

  it('finds the manager by login, e-mail or employee number, then by a unique display name, never as oneself', async () => {
    const report = (n: number, managerId?: string, manager?: string) =>
      user(`00r${n}`, {
        login: `report${n}@acme.example.com`,
        managerId,
        manager,
      });
    const people = [
      olivia,
      emma,
      report(1, 'OLIVIA.CHEN@acme.example.com'),
      report(2, 'e-7'),
      report(3, 'someone.gone@acme.example.com', 'Olivia Chen'),
      report(4, undefined, 'Nobody Known'),
    ];
    const { users, stats } = await buildOrgEntities(org(people), {
      config: config(),
      orgUrl: ORG_URL,
    });
    const managerOf = (n: number) =>
      users.find(u => u.metadata.name === `report${n}`)?.metadata.annotations?.[
        'productiv.io/manager'
      ];
    // By login (any case), by employee number, by name when the id is unknown.
    expect(managerOf(1)).toBe('user:default/olivia.chen');
    expect(managerOf(2)).toBe('user:default/olivia.chen');
    expect(managerOf(3)).toBe('user:default/olivia.chen');
    expect(managerOf(4)).toBeUndefined();
    expect(stats.managers).toEqual({ byId: 3, byName: 1, fromTransformer: 0 });
    expect(stats.managersNotFound).toBe(1);

    const self = user('00u5', {
      login: 'solo@acme.example.com',
      displayName: 'Solo',
      managerId: '00u5',
      manager: 'Solo',
    });
    const alone = await buildOrgEntities(org([self]), {
      config: config(),
      orgUrl: ORG_URL,
    });
    expect(
      alone.users[0].metadata.annotations?.['productiv.io/manager'],
    ).toBeUndefined();
  });

  it('writes Productiv Home’s annotation keys from the configured profile attributes', async () => {
    const hr = user('00u3', {
      login: 'liam.patel@acme.example.com',
      jobFunction: 'Staff Engineer',
      costCenterName: 'R&D',
      hrManager: 'olivia.chen@acme.example.com',
      title: 'not this one',
    });
    const { users } = await buildOrgEntities(org([olivia, hr]), {
      config: config(
        {
          profileFields: {
            managerId: 'hrManager',
            jobTitle: 'jobFunction',
            department: 'costCenterName',
          },
        },
        {
          productivHome: {
            people: { annotations: { manager: 'acme.com/reports-to' } },
          },
        },
      ),
      orgUrl: ORG_URL,
    });
    expect(users[1].metadata.annotations).toMatchObject({
      'acme.com/reports-to': 'user:default/olivia.chen',
      'productiv.io/job-title': 'Staff Engineer',
      'productiv.io/department': 'R&D',
    });
    expect(users[1].metadata.annotations).not.toHaveProperty(
      'productiv.io/manager',
    );
  });

  it('names by the configured naming, and keeps only the first of two objects with one name', async () => {
    const contractor = user('00u4', {
      login: 'emma.jones@contractors.acme.example.com',
    });
    const byLocalPart = await buildOrgEntities(org([emma, contractor]), {
      config: config(),
      orgUrl: ORG_URL,
    });
    expect(byLocalPart.users.map(u => u.metadata.name)).toEqual(['emma.jones']);
    expect(byLocalPart.stats.duplicates).toEqual(['user:default/emma.jones']);

    const byLogin = await buildOrgEntities(
      org([emma, contractor], [group('00g2', 'R&D / Labs')]),
      {
        config: config({ userNaming: 'login', namespace: 'okta' }),
        orgUrl: ORG_URL,
      },
    );
    expect(byLogin.users.map(u => u.metadata.name)).toEqual([
      'emma.jones_acme.example.com',
      'emma.jones_contractors.acme.example.com',
    ]);
    expect(byLogin.users[0].metadata.namespace).toBe('okta');
    expect(byLogin.groups[0].metadata.name).toBe('r-d-labs');

    const byId = await buildOrgEntities(org([emma], [platform]), {
      config: config({ userNaming: 'id', groupNaming: 'id' }),
      orgUrl: ORG_URL,
    });
    expect(byId.users[0].metadata.name).toBe('00u2');
    expect(byId.groups[0].metadata.name).toBe('00g1');
  });

  it('runs the transformers, then adds memberships and managers by the final refs', async () => {
    const { users, groups, stats } = await buildOrgEntities(
      org(
        [olivia, emma, user('00u8', { login: 'bot@acme.example.com' })],
        [platform, group('00g2', 'Hidden')],
        {
          '00g1': ['00u2'],
          '00g2': ['00u2'],
        },
      ),
      {
        config: config(),
        orgUrl: ORG_URL,
        transformers: {
          user: async (oktaUser, { defaultEntity }) => {
            if (oktaUser.profile?.login?.startsWith('bot@')) return undefined;
            return {
              ...defaultEntity,
              metadata: {
                ...defaultEntity.metadata,
                name: `okta-${defaultEntity.metadata.name}`,
              },
            };
          },
          group: (oktaGroup, { defaultEntity }) =>
            oktaGroup.profile?.name === 'Hidden'
              ? undefined
              : {
                  ...defaultEntity,
                  spec: { ...defaultEntity.spec, type: 'squad' },
                },
        },
      },
    );
    expect(users.map(u => u.metadata.name)).toEqual([
      'okta-olivia.chen',
      'okta-emma.jones',
    ]);
    expect(users[1].metadata.annotations?.['productiv.io/manager']).toBe(
      'user:default/okta-olivia.chen',
    );
    expect(users[1].spec.memberOf).toEqual([
      'group:default/platform-engineering',
    ]);
    expect(groups.map(g => g.spec.type)).toEqual(['squad']);
    expect(stats.skipped).toBe(2);
  });

  it('keeps a manager annotation the transformer set', async () => {
    const { users, stats } = await buildOrgEntities(org([olivia, emma]), {
      config: config(),
      orgUrl: ORG_URL,
      transformers: {
        user: (_u, { defaultEntity }) =>
          defaultEntity.metadata.name === 'emma.jones'
            ? {
                ...defaultEntity,
                metadata: {
                  ...defaultEntity.metadata,
                  annotations: {
                    ...defaultEntity.metadata.annotations,
                    'productiv.io/manager': 'user:default/sarah.johnson',
                  },
                },
              }
            : defaultEntity,
      },
    });
    expect(users[1].metadata.annotations?.['productiv.io/manager']).toBe(
      'user:default/sarah.johnson',
    );
    expect(stats.managers.fromTransformer).toBe(1);
  });
});
