import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createInventoryStore } from '../../database/InventoryStore';
import { applyDatabaseMigrations } from '../../database/migrations';
import { AuthorizedInventoryService } from './AuthorizedInventoryService';
import { DefaultInventoryService } from './DefaultInventoryService';

jest.setTimeout(60_000);

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
const admin = mockCredentials.user('user:default/productiv-admin');

describe('setting the tiers of an instance', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(
    databaseId: TestDatabaseId,
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const inventory = createInventoryStore(knex);
    await inventory.syncInstances([tableau], 1000);
    const service = new AuthorizedInventoryService(
      new DefaultInventoryService({ inventory, now: () => 5000 }),
      mockServices.permissions.mock({
        authorize: async () => [{ result }],
      }) as any,
    );
    return { knex, inventory, service };
  }

  it.each(databases.eachSupportedId())(
    'stores the tiers in the order given, with names, descriptions, prices and seats (%p)',
    async databaseId => {
      const { knex, service } = await setup(databaseId);
      const instance = await service.setTiers(
        tableau.id,
        [
          {
            tier: 'viewer',
            displayName: 'Viewer',
            description: 'Views and comments on dashboards',
            groupId: '00gVie',
            monthlyPrice: 15,
            seats: 200,
          },
          { tier: 'explorer', groupId: '00gExp', monthlyPrice: 42 },
          { tier: 'creator', groupId: '00gCre', monthlyPrice: 75, seats: 10 },
        ],
        { credentials: admin },
      );
      expect(
        instance.tiers.map(t => [
          t.tier,
          t.displayName,
          t.rank,
          t.monthlyPrice,
          t.seats,
          t.source,
        ]),
      ).toEqual([
        ['viewer', 'Viewer', 0, 15, 200, 'admin'],
        ['explorer', 'Explorer', 1, 42, undefined, 'admin'],
        ['creator', 'Creator', 2, 75, 10, 'admin'],
      ]);
      expect(instance.tiers[0].description).toBe(
        'Views and comments on dashboards',
      );
      const [row] = await knex('license_tiers').where({ tier: 'viewer' });
      expect(row.updated_by).toBe('user:default/productiv-admin');
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses duplicate keys and groups, and groups the app does not have, naming each field (%p)',
    async databaseId => {
      const { inventory, service } = await setup(databaseId);
      const before = (await inventory.getInstance(tableau.id))!.tiers;
      await expect(
        service.setTiers(
          tableau.id,
          [
            { tier: 'viewer', groupId: '00gVie' },
            { tier: 'viewer', groupId: '00gExp' },
            { tier: 'creator', displayName: 'Creator', groupId: '00gVie' },
            { tier: 'pro', groupId: '00gNope' },
          ],
          { credentials: admin },
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message:
          "tiers.1.tier: 'viewer' is already the key of tier 1; give each tier its own key; " +
          'tiers.2.groupId: the Okta group "Tableau Viewer" already grants viewer; give Creator its own group, or none; ' +
          'tiers.3.groupId: the Okta group 00gNope is not assigned to Tableau; assign it to the app in Okta and sync the inventory, or pick one of: "Tableau Creator", "Tableau Explorer", "Tableau Viewer"',
      });
      // Nothing was written.
      expect((await inventory.getInstance(tableau.id))!.tiers).toEqual(before);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves tiers to admins (%p)',
    async databaseId => {
      const { service } = await setup(databaseId, AuthorizeResult.DENY);
      await expect(
        service.setTiers(tableau.id, [{ tier: 'viewer' }], {
          credentials: mockCredentials.user('user:default/benjamin'),
        }),
      ).rejects.toThrow('Only admins may configure license tiers');
    },
  );
});
