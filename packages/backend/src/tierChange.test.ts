import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { sandboxPortal } from './__testUtils__/sandboxPortal';

/**
 * My access and a tier change, end to end on each database: the real
 * inventory (Provisioning workflows, synced from the sandbox's Okta) says
 * Benjamin holds Tableau Viewer; Home shows it, refuses a second Viewer
 * request, and an approved request for Explorer is fulfilled through Okta
 * with one removal from the Viewer group and one addition to Explorer.
 */

jest.setTimeout(180_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const BENJAMIN = ref('benjamin.moore');
const MANAGER = ref('charlotte.davis');
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'a tier change through My access, on %p',
  (databaseId: TestDatabaseId) => {
    const { call, until, writesFor, offerTableau } = sandboxPortal(
      databases,
      databaseId,
    );

    it('shows Viewer in My access, refuses Viewer again, and swaps Viewer for Explorer in Okta', async () => {
      expect(
        (await call(ADMIN, 'POST', '/provisioning-workflows/sync/inventory'))
          .status,
      ).toBe(202);
      await offerTableau();

      // My access, from the inventory: Tableau at Viewer, by name.
      const access = await call(BENJAMIN, 'GET', '/productiv-home/me/access');
      expect(access.status).toBe(200);
      expect(access.body.items).toContainEqual(
        expect.objectContaining({
          appKey: 'tableau',
          appName: 'Tableau',
          tier: 'viewer',
          tierName: 'Viewer',
        }),
      );
      const tiers = await call(
        BENJAMIN,
        'GET',
        '/productiv-home/catalog/tiers',
      );
      expect(
        tiers.body.items
          .find((a: any) => a.appKey === 'tableau')
          .tiers.map((t: any) => t.displayName),
      ).toEqual(['Viewer', 'Explorer', 'Creator']);

      // The tier held is refused, with what to do instead.
      const again = await call(BENJAMIN, 'POST', '/productiv-home/requests', {
        appKey: 'tableau',
        tier: 'viewer',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'You already have Tableau Viewer. To change it, request another tier from My access.',
      );

      const change = await call(BENJAMIN, 'POST', '/productiv-home/requests', {
        appKey: 'tableau',
        tier: 'explorer',
        justification: 'Building my own views',
      });
      expect(change.status).toBe(201);
      expect(change.body).toMatchObject({
        status: 'pending_approval',
        tier: 'explorer',
        fromTier: 'viewer',
      });
      expect(change.body.approvals.map((a: any) => a.approver)).toEqual([
        MANAGER,
      ]);
      expect(await writesFor('benjamin.moore@acme.example.com')).toEqual([]);

      const decided = await call(
        MANAGER,
        'POST',
        `/productiv-home/requests/${change.body.id}/decision`,
        { decision: 'approved' },
      );
      expect(decided.status).toBe(200);
      const done = await until(
        async () =>
          (
            await call(
              BENJAMIN,
              'GET',
              `/productiv-home/requests/${change.body.id}`,
            )
          ).body,
        r => !['approved', 'fulfilling'].includes(r.status),
      );
      expect(done.status).toBe('fulfilled');

      // Exactly one write each: out of Viewer, into Explorer.
      const writes = await writesFor('benjamin.moore@acme.example.com');
      expect(writes.map(w => [w.kind, w.target, w.changed]).sort()).toEqual([
        ['group.user.add', 'Tableau Explorer', true],
        ['group.user.remove', 'Tableau Viewer', true],
      ]);
    });
  },
);
