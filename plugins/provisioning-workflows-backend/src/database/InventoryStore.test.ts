import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from './migrations';
import { createInventoryStore, suggestTierName } from './InventoryStore';

jest.setTimeout(60_000);

const figma = {
  id: '0oaFigma',
  appKey: 'figma',
  label: 'Figma',
  status: 'ACTIVE' as const,
  groups: [
    { id: '00gView', name: 'Figma Viewer', priority: 0 },
    { id: '00gEdit', name: 'Figma Editor', priority: 1 },
  ],
};

describe('InventoryStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function store(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    return createInventoryStore(knex);
  }

  it('suggests tier names from group names', () => {
    expect(suggestTierName('Figma Editor', 'Figma')).toBe('editor');
    expect(suggestTierName('Salesforce Sales Cloud', 'Salesforce')).toBe(
      'sales-cloud',
    );
    expect(suggestTierName('Designers', 'Figma')).toBe('designers');
  });

  it.each(databases.eachSupportedId())(
    'marks a removed app and its assignments, keeping the history, and restores it (%p)',
    async databaseId => {
      const inventory = await store(databaseId);
      expect(await inventory.syncInstances([figma], 1000)).toEqual({
        added: 1,
        updated: 0,
        removed: 0,
      });
      expect(
        await inventory.syncAssignments(
          figma.id,
          [
            { oktaUserId: '00uA', scope: 'GROUP', groupId: '00gView' },
            { oktaUserId: '00uB', scope: 'USER' },
          ],
          1000,
        ),
      ).toEqual({ added: 2, updated: 0, removed: 0 });

      expect(await inventory.syncInstances([], 2000)).toEqual({
        added: 0,
        updated: 0,
        removed: 1,
      });
      const [app] = await inventory.listApps();
      expect(app.instances[0]).toMatchObject({
        status: 'REMOVED',
        assignedUsers: 0,
      });
      expect(await inventory.syncInstances([], 3000)).toEqual({
        added: 0,
        updated: 0,
        removed: 0,
      });

      expect(await inventory.syncInstances([figma], 4000)).toEqual({
        added: 0,
        updated: 1,
        removed: 0,
      });
      expect(
        await inventory.syncAssignments(
          figma.id,
          [{ oktaUserId: '00uA', scope: 'GROUP', groupId: '00gEdit' }],
          4000,
        ),
      ).toEqual({ added: 1, updated: 0, removed: 0 });
      const assignments = await inventory.listAssignments(figma.id, 4000);
      expect(assignments.map(a => [a.oktaUserId, a.tier])).toEqual([
        ['00uA', 'editor'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps admin tiers over suggestions, with prices (%p)',
    async databaseId => {
      const inventory = await store(databaseId);
      await inventory.syncInstances([figma], 1000);
      expect(
        (await inventory.getInstance(figma.id))!.tiers.map(t => t.tier),
      ).toEqual(['viewer', 'editor']);
      await inventory.putTiers(
        figma.id,
        [
          { tier: 'view', groupId: '00gView', monthlyPrice: 0 },
          { tier: 'full', groupId: '00gEdit', monthlyPrice: 15.5 },
        ],
        'user:default/alex.morgan',
        2000,
      );
      await inventory.syncInstances(
        [
          {
            ...figma,
            groups: [
              ...figma.groups,
              { id: '00gDev', name: 'Figma Dev', priority: 2 },
            ],
          },
        ],
        3000,
      );
      const tiers = (await inventory.getInstance(figma.id))!.tiers;
      expect(tiers).toEqual([
        {
          tier: 'view',
          displayName: 'Viewer',
          groupId: '00gView',
          groupName: 'Figma Viewer',
          monthlyPrice: 0,
          rank: 0,
          holders: 0,
          source: 'admin',
        },
        {
          tier: 'full',
          displayName: 'Editor',
          groupId: '00gEdit',
          groupName: 'Figma Editor',
          monthlyPrice: 15.5,
          rank: 1,
          holders: 0,
          source: 'admin',
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'suggests tiers lowest first by their names, with display names and holders, and keeps what an admin describes (%p)',
    async databaseId => {
      const inventory = await store(databaseId);
      // Okta's priorities put Creator first: the profile that wins, not the cheapest seat.
      const tableau = {
        id: '0oaTab',
        appKey: 'tableau_online',
        label: 'Tableau',
        status: 'ACTIVE' as const,
        groups: [
          { id: '00gCre', name: 'Tableau Creator', priority: 0 },
          { id: '00gExp', name: 'Tableau Explorer', priority: 1 },
          { id: '00gVie', name: 'Tableau Viewer', priority: 2 },
        ],
      };
      await inventory.syncInstances([tableau], 1000);
      await inventory.syncAssignments(
        tableau.id,
        [
          { oktaUserId: '00uA', scope: 'GROUP', groupId: '00gVie' },
          { oktaUserId: '00uB', scope: 'GROUP', groupId: '00gVie' },
          { oktaUserId: '00uC', scope: 'GROUP', groupId: '00gCre' },
          { oktaUserId: '00uD', scope: 'USER' },
        ],
        1000,
      );
      // Gone from Okta: no longer a holder.
      await inventory.syncAssignments(
        tableau.id,
        [
          { oktaUserId: '00uA', scope: 'GROUP', groupId: '00gVie' },
          { oktaUserId: '00uC', scope: 'GROUP', groupId: '00gCre' },
          { oktaUserId: '00uD', scope: 'USER' },
        ],
        1500,
      );
      const suggested = (await inventory.getInstance(tableau.id))!.tiers;
      expect(
        suggested.map(t => [t.tier, t.displayName, t.rank, t.holders]),
      ).toEqual([
        ['viewer', 'Viewer', 0, 1],
        ['explorer', 'Explorer', 1, 0],
        ['creator', 'Creator', 2, 1],
      ]);
      expect(suggested.every(t => t.source === 'suggested')).toBe(true);
      // A second sync with the same groups rewrites nothing.
      expect(await inventory.syncInstances([tableau], 2000)).toEqual({
        added: 0,
        updated: 0,
        removed: 0,
      });

      await inventory.putTiers(
        tableau.id,
        [
          {
            tier: 'viewer',
            groupId: '00gVie',
            description: 'Views published dashboards',
            monthlyPrice: 15,
            seats: 100,
          },
          { tier: 'explorer', groupId: '00gExp', displayName: 'Explorer+' },
          { tier: 'creator', groupId: '00gCre', monthlyPrice: 75, seats: 0 },
          { tier: 'legacy' },
        ],
        'user:default/alex.morgan',
        3000,
      );
      await inventory.syncInstances([tableau], 4000);
      expect((await inventory.getInstance(tableau.id))!.tiers).toEqual([
        {
          tier: 'viewer',
          displayName: 'Viewer',
          description: 'Views published dashboards',
          groupId: '00gVie',
          groupName: 'Tableau Viewer',
          monthlyPrice: 15,
          seats: 100,
          rank: 0,
          holders: 1,
          source: 'admin',
        },
        {
          tier: 'explorer',
          displayName: 'Explorer+',
          groupId: '00gExp',
          groupName: 'Tableau Explorer',
          rank: 1,
          holders: 0,
          source: 'admin',
        },
        {
          tier: 'creator',
          displayName: 'Creator',
          groupId: '00gCre',
          groupName: 'Tableau Creator',
          monthlyPrice: 75,
          seats: 0,
          rank: 2,
          holders: 1,
          source: 'admin',
        },
        {
          tier: 'legacy',
          displayName: 'Legacy',
          rank: 3,
          holders: 0,
          source: 'admin',
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'reports people on one side only and updates only what changed (%p)',
    async databaseId => {
      const inventory = await store(databaseId);
      const people = [
        {
          email: 'a@x.test',
          entityRef: 'user:default/a',
          oktaUserId: '00uA',
          title: 'Engineer',
          teams: ['group:default/t1'],
        },
        {
          email: 'b@x.test',
          entityRef: 'user:default/b',
          teams: ['group:default/t1'],
        },
        {
          email: 'c@x.test',
          oktaUserId: '00uC',
          oktaStatus: 'ACTIVE',
          teams: [],
        },
      ];
      expect(await inventory.syncPeople(people, 1)).toEqual({
        added: 3,
        updated: 0,
        removed: 0,
      });
      expect(await inventory.syncPeople(people, 2)).toEqual({
        added: 0,
        updated: 0,
        removed: 0,
      });
      expect(await inventory.unmatchedPeople()).toEqual({
        catalogOnly: [{ entityRef: 'user:default/b', email: 'b@x.test' }],
        oktaOnly: [{ oktaUserId: '00uC', email: 'c@x.test', status: 'ACTIVE' }],
      });
      const changed = [
        { ...people[0], title: 'Staff Engineer', teams: ['group:default/t2'] },
        people[1],
      ];
      expect(await inventory.syncPeople(changed, 3)).toEqual({
        added: 0,
        updated: 1,
        removed: 1,
      });
      expect(await inventory.getPerson('user:default/a')).toMatchObject({
        title: 'Staff Engineer',
        teams: ['group:default/t2'],
      });
    },
  );
});
