import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { HeldAccess, HomeApp } from '@internal/plugin-productiv-home-common';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { PersonAccessService } from './PersonAccessService';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;
const EMMA = ref('emma.jones');
const OLIVIA = ref('olivia.chen'); // Emma's manager
const SOFIA = ref('sofia.garcia');
const LIAM = ref('liam.patel');
const NAMES: Record<string, string> = {
  [OLIVIA]: 'Olivia Chen',
  [SOFIA]: 'Sofia Garcia',
};

const figma = { appKey: 'figma', name: 'Figma', tiers: ['viewer', 'editor'] };
const held: HeldAccess[] = [
  {
    appKey: 'tableau',
    appName: 'Tableau',
    instanceId: '0oaTab',
    tier: 'viewer',
    tierName: 'Viewer',
    since: '2026-10-01T09:00:00.000Z',
  },
];

describe('PersonAccessService', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setUp(
    databaseId: TestDatabaseId,
    options: { admin?: boolean; inventoryDown?: boolean } = {},
  ) {
    const knex = await databases.init(databaseId);
    const { requests } = await ProductivHomeDatabase.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const ask = (tier: string, status: 'pending_approval' | 'denied') =>
      requests.create(
        {
          requester: EMMA,
          appKey: 'figma',
          tier,
          status,
          level: status === 'pending_approval' ? 1 : undefined,
        },
        [
          { level: 1, approver: OLIVIA, viaFallback: false },
          { level: 1, approver: SOFIA, viaFallback: false },
        ],
        [{ actor: EMMA, type: 'submitted', status }],
        1000,
      );
    const open = await ask('editor', 'pending_approval');
    // Closed: not on the card.
    await ask('viewer', 'denied');
    // Someone else's: not on Emma's card.
    await requests.create(
      { requester: LIAM, appKey: 'figma', tier: 'editor', status: 'approved' },
      [],
      [{ actor: LIAM, type: 'submitted', status: 'approved' }],
      1000,
    );
    const heldBy = jest.fn(async () => {
      if (options.inventoryDown) throw new Error('connect ECONNREFUSED');
      return held;
    });
    const service = new PersonAccessService({
      access: {
        heldBy,
        tierName: async (_appKey, tier) =>
          tier === 'editor' ? 'Editor' : tier,
      },
      people: {
        managerOf: async userRef => (userRef === EMMA ? OLIVIA : undefined),
        contactOf: async userRef => ({ name: NAMES[userRef] }),
      },
      requests,
      apps: { current: async () => ({ apps: [figma as unknown as HomeApp] }) },
      permissions: mockServices.permissions({
        result: options.admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }),
      auth: mockServices.auth(),
    });
    return { service, open, heldBy };
  }

  it.each(databases.eachSupportedId())(
    'shows the person, their manager and admins what is held and open, by name (%p)',
    async databaseId => {
      const { service, open, heldBy } = await setUp(databaseId);
      const expected = {
        entityRef: EMMA,
        holdings: held,
        pending: [
          {
            id: open.id,
            appKey: 'figma',
            appName: 'Figma',
            tier: 'editor',
            tierName: 'Editor',
            status: 'pending_approval',
            waitingOn: [
              { entityRef: OLIVIA, name: 'Olivia Chen' },
              { entityRef: SOFIA, name: 'Sofia Garcia' },
            ],
            createdAt: new Date(1000).toISOString(),
            updatedAt: new Date(1000).toISOString(),
          },
        ],
      };
      await expect(
        service.accessOf(EMMA, { credentials: mockCredentials.user(EMMA) }),
      ).resolves.toEqual(expected);
      await expect(
        service.accessOf('User:default/emma.jones', {
          credentials: mockCredentials.user(OLIVIA),
        }),
      ).resolves.toEqual(expected);
      // Read as Home, not as the manager (who may not read the inventory).
      expect(heldBy).toHaveBeenLastCalledWith(
        EMMA,
        expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      );
      await expect(
        service.accessOf(EMMA, { credentials: mockCredentials.user(LIAM) }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          "Only the person, their manager and the Productiv admins may see a person's access",
      });
      await expect(
        service.accessOf('group:default/platform', {
          credentials: mockCredentials.user(EMMA),
        }),
      ).rejects.toMatchObject({ name: 'InputError' });

      const asAdmin = await setUp(databaseId, { admin: true });
      await expect(
        asAdmin.service.accessOf(EMMA, {
          credentials: mockCredentials.user(LIAM),
        }),
      ).resolves.toMatchObject({ entityRef: EMMA });
    },
  );

  it.each(databases.eachSupportedId())(
    'still shows the open requests when the inventory does not answer (%p)',
    async databaseId => {
      const { service } = await setUp(databaseId, { inventoryDown: true });
      const access = await service.accessOf(EMMA, {
        credentials: mockCredentials.user(EMMA),
      });
      expect(access.holdings).toBeUndefined();
      expect(access.pending.map(p => p.tier)).toEqual(['editor']);
    },
  );
});
