import { mockServices } from '@backstage/backend-test-utils';
import { Entity, GroupEntity, UserEntity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  clearProxyEnvironment,
  loadOrg,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { Client } from '@okta/okta-sdk-nodejs';
import {
  ProductivOktaEntityProvider,
  REFRESH_TASK_ID,
} from './ProductivOktaEntityProvider';

jest.setTimeout(60_000);

/**
 * The provider against the sandbox's Okta, through the real SDK: the seeded
 * org comes out as the demo organization's people (manager, title,
 * department, teams), without the license groups, and a person added in
 * Okta is in the next refresh.
 */
describe('ProductivOktaEntityProvider against the sandbox', () => {
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
  afterEach(() => sandbox.state.faults.reset());

  /** A connected provider with `provider` settings, and what it applied. */
  async function connected(provider: object = {}, root: object = {}) {
    const logger = mockServices.logger.mock();
    const scheduler = mockServices.scheduler.mock();
    const mutations: DeferredEntity[][] = [];
    const connection: EntityProviderConnection = {
      applyMutation: jest.fn(async mutation => {
        if (mutation.type === 'full') mutations.push(mutation.entities);
      }),
      refresh: jest.fn(),
    };
    const entityProvider = ProductivOktaEntityProvider.fromConfig(
      new ConfigReader({
        ...root,
        connectors: {
          okta: {
            orgUrl: sandbox.urls.okta,
            token: sandbox.credentials.okta.token,
          },
        },
        catalog: { providers: { productivOkta: provider } },
      }),
      { logger, scheduler },
    )!;
    await entityProvider.connect(connection);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    const run = async () => {
      await task.fn(new AbortController().signal);
      const entities = (mutations[mutations.length - 1] ?? []).map(
        d => d.entity,
      );
      return {
        users: entities.filter((e): e is UserEntity => e.kind === 'User'),
        groups: entities.filter((e): e is GroupEntity => e.kind === 'Group'),
      };
    };
    return { entityProvider, task, run, mutations, logger };
  }

  const byName = <E extends Entity>(entities: E[], name: string) =>
    entities.find(e => e.metadata.name === name);

  it('schedules a global full refresh every 30 minutes', async () => {
    const { task } = await connected();
    expect(task).toMatchObject({
      id: REFRESH_TASK_ID,
      scope: 'global',
      frequency: { minutes: 30 },
      timeout: { minutes: 15 },
    });
  });

  it('brings in the demo organization from Okta: teams, managers, titles and departments, without license groups', async () => {
    const { run, logger } = await connected();
    const { users, groups } = await run();

    expect(groups.map(g => g.metadata.name).sort()).toEqual([
      'finance',
      'it',
      'marketing',
      'platform-engineering',
      'product-engineering',
      'sales',
    ]);
    const org = loadOrg();
    const inOkta = org.people.filter(p => p.name !== 'nina.petrov');
    for (const person of inOkta) {
      const entity = byName(users, person.name);
      expect(entity).toBeDefined();
      expect(entity!.spec.profile).toEqual({
        displayName: person.displayName,
        email: person.email,
      });
      const annotations = entity!.metadata.annotations!;
      expect(annotations['productiv.io/job-title']).toBe(person.title);
      expect(annotations['productiv.io/department']).toBe(person.department);
      expect(annotations['productiv.io/manager']).toBe(
        person.manager && `user:default/${person.manager}`,
      );
      const teams = person.groups.filter(g =>
        groups.some(t => t.metadata.name === g),
      );
      expect([...entity!.spec.memberOf!].sort()).toEqual(
        teams.map(t => `group:default/${t}`).sort(),
      );
    }
    // Okta's own people are there too; whoever left (deprovisioned) is not.
    expect(byName(users, 'casey.wong')?.metadata.annotations).toMatchObject({
      'productiv.io/job-title': 'Contract Designer',
      'productiv.io/department': 'Marketing',
    });
    expect(byName(users, 'jordan.blake')).toBeUndefined();
    expect(users).toHaveLength(inOkta.length + 2);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(`^Read ${inOkta.length + 2} users and 6 groups from Okta`),
      ),
      expect.objectContaining({ users: inOkta.length + 2, groups: 6 }),
    );
  });

  it('has a person added in Okta in the next refresh, with the manager their managerId names by login', async () => {
    const { run } = await connected();
    const before = await run();
    expect(byName(before.users, 'quinn.rivera')).toBeUndefined();

    const [finance] = [...sandbox.state.directory.groups.values()].filter(
      g => g.profile.name === 'Finance',
    );
    await okta.userApi.createUser({
      body: {
        profile: {
          login: 'quinn.rivera@acme.example.com',
          email: 'quinn.rivera@acme.example.com',
          firstName: 'Quinn',
          lastName: 'Rivera',
          title: 'FP&A Analyst',
          department: 'Finance',
          manager: 'Charlotte Davis',
          managerId: 'charlotte.davis@acme.example.com',
        },
        credentials: { password: { value: 'Sandbox-Passw0rd!' } },
        groupIds: [finance.id],
      },
    });
    // Staged accounts (not active yet) stay out with the default filter.
    await okta.userApi.createUser({
      body: {
        profile: {
          login: 'not.yet@acme.example.com',
          email: 'not.yet@acme.example.com',
          firstName: 'Not',
          lastName: 'Yet',
        },
      },
      activate: false,
    });

    const after = await run();
    expect(byName(after.users, 'quinn.rivera')).toMatchObject({
      metadata: {
        annotations: {
          'productiv.io/manager': 'user:default/charlotte.davis',
          'productiv.io/job-title': 'FP&A Analyst',
          'productiv.io/department': 'Finance',
        },
      },
      spec: {
        profile: {
          displayName: 'Quinn Rivera',
          email: 'quinn.rivera@acme.example.com',
        },
        memberOf: ['group:default/finance'],
      },
    });
    expect(byName(after.users, 'not.yet')).toBeUndefined();
    expect(after.users).toHaveLength(before.users.length + 1);
  });

  it('takes the filters and Home’s annotation keys from config', async () => {
    const { run } = await connected(
      {
        userFilter: 'profile.department eq "Sales"',
        groupFilter: 'profile.name sw "Tableau"',
        excludeAppGroups: false,
        groupType: 'license',
      },
      {
        productivHome: {
          people: { annotations: { jobTitle: 'acme.com/title' } },
        },
      },
    );
    const { users, groups } = await run();
    expect(groups.map(g => g.spec.profile?.displayName).sort()).toEqual([
      'Tableau Creator',
      'Tableau Explorer',
      'Tableau Viewer',
    ]);
    expect(groups.every(g => g.spec.type === 'license')).toBe(true);
    expect(users.length).toBeGreaterThan(0);
    expect(
      users.every(
        u => u.metadata.annotations?.['productiv.io/department'] === 'Sales',
      ),
    ).toBe(true);
    expect(byName(users, 'charlotte.davis')?.metadata.annotations).toEqual(
      expect.objectContaining({ 'acme.com/title': expect.any(String) }),
    );
  });

  it('reads again after a 429, and keeps the catalog as it was when Okta fails or answers no one', async () => {
    const { run, task, mutations, logger } = await connected();
    sandbox.state.faults.failNext('okta', 1, '429');
    expect((await run()).users.length).toBeGreaterThan(20);
    expect(mutations).toHaveLength(1);

    sandbox.state.faults.set('okta', { rate500: 1 });
    await expect(task.fn(new AbortController().signal)).rejects.toThrow(
      /Could not read users and groups from Okta .*; the catalog keeps what it had/,
    );
    sandbox.state.faults.reset();
    expect(mutations).toHaveLength(1);

    const empty = await connected({ userFilter: 'profile.login eq "x@y"' });
    await empty.task.fn(new AbortController().signal);
    expect(empty.mutations).toHaveLength(0);
    expect(empty.logger.warn).toHaveBeenCalledWith(
      `Okta answered no users for 'profile.login eq "x@y"'; the catalog keeps the users it had`,
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('refuses to start configured without connectors.okta', () => {
    expect(() =>
      ProductivOktaEntityProvider.fromConfig(
        new ConfigReader({ catalog: { providers: { productivOkta: {} } } }),
        {
          logger: mockServices.logger.mock(),
          scheduler: mockServices.scheduler.mock(),
        },
      ),
    ).toThrow(/connectors.okta, which is not configured/);
  });
});
