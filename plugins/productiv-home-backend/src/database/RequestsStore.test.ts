import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { ProductivHomeDatabase } from './ProductivHomeDatabase';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;
const app = (appKey: string, owners: string[]): HomeApp => ({
  appKey,
  name: appKey,
  description: '',
  category: 'Other',
  tiers: ['basic'],
  owners,
  approval: { required: 'everyone', exceptGroups: [], levels: [] },
  fulfillment: 'manual',
});

describe('RequestsStore permission filters', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: any) {
    const knex = await databases.init(id);
    const { requests: store, apps } = await ProductivHomeDatabase.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    await apps.putApp(app('figma', ['group:default/design']), 'x', 1);
    await apps.putApp(app('zoom', [ref('it.admin')]), 'x', 1);
    const create = (
      requester: string,
      appKey: string,
      approver: string,
      at: number,
    ) =>
      store.create(
        {
          requester,
          appKey,
          tier: 'basic',
          status: 'pending_approval',
          level: 1,
        },
        [{ level: 1, approver, viaFallback: false }],
        [{ actor: requester, type: 'submitted', status: 'pending_approval' }],
        at,
      );
    const a = await create(ref('emma'), 'figma', ref('olivia'), 1000);
    const b = await create(ref('liam'), 'zoom', ref('olivia'), 2000);
    const c = await create(ref('olivia'), 'zoom', ref('sarah'), 3000);
    // Olivia decided on Liam's request: no longer pending on her.
    await store.transition(
      b.id,
      1,
      {
        status: 'approved',
        level: null,
        decision: { level: 1, approver: ref('olivia'), decision: 'approved' },
        events: [
          { actor: ref('olivia'), type: 'approved', status: 'approved' },
        ],
      },
      2500,
    );
    return { store, apps, a, b, c };
  }

  it.each(databases.eachSupportedId())(
    'filters by requester, approver, pending approver and app owner, nested, in SQL (%p)',
    async id => {
      const { store, a, b, c } = await setup(id);
      const ids = async (filter: any) =>
        (await store.listRequests({ filter, limit: 100 })).items.map(r => r.id);

      expect(await ids(undefined)).toEqual([c.id, b.id, a.id]);
      expect(
        await ids({ property: 'requester', values: [ref('emma')] }),
      ).toEqual([a.id]);
      expect(
        await ids({
          property: 'approver',
          values: [ref('olivia')],
          pendingOnly: false,
        }),
      ).toEqual([b.id, a.id]);
      expect(
        await ids({
          property: 'approver',
          values: [ref('olivia')],
          pendingOnly: true,
        }),
      ).toEqual([a.id]);
      expect(
        await ids({ property: 'appOwner', values: ['group:default/design'] }),
      ).toEqual([a.id]);
      // What the demo policy asks for Olivia: own, or approved by her.
      const claims = [ref('olivia')];
      expect(
        await ids({
          anyOf: [
            { property: 'requester', values: claims },
            { property: 'approver', values: claims, pendingOnly: false },
          ],
        }),
      ).toEqual([c.id, b.id, a.id]);
      expect(
        await ids({
          allOf: [
            { property: 'approver', values: claims, pendingOnly: false },
            { not: { property: 'requester', values: [ref('liam')] } },
          ],
        }),
      ).toEqual([a.id]);
      expect(await ids({ property: 'requester', values: [] })).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages with a cursor and filters by status and app (%p)',
    async id => {
      const { store, apps, a, b, c } = await setup(id);
      const first = await store.listRequests({ limit: 2 });
      expect(first.items.map(r => r.id)).toEqual([c.id, b.id]);
      const second = await store.listRequests({
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map(r => r.id)).toEqual([a.id]);
      expect(second.nextCursor).toBeUndefined();
      expect(
        (
          await store.listRequests({
            limit: 10,
            status: ['pending_approval'],
            appKey: 'zoom',
          })
        ).items.map(r => r.id),
      ).toEqual([c.id]);
      const resources = await store.getRequestResources([a.id, 'nope']);
      expect(resources[0]?.appOwners).toEqual(['group:default/design']);
      expect(resources[1]).toBeUndefined();
      expect(
        (
          await apps.listAppsWhere({
            property: 'owner',
            values: [ref('it.admin')],
          })
        ).map(x => x.appKey),
      ).toEqual(['zoom']);
    },
  );
});
