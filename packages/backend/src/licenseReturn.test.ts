import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { sandboxPortal } from './__testUtils__/sandboxPortal';

/**
 * A license given back from My access, end to end on each database: the
 * real inventory (Provisioning workflows, synced from the sandbox's Okta)
 * says Benjamin holds Tableau Viewer; he gives it back, the return is
 * fulfilled with no approval (although Tableau needs his manager's for a
 * grant) by one removal from the Viewer group in Okta, and giving it back
 * again is refused, before and after the inventory's next sync.
 */

jest.setTimeout(180_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const BENJAMIN = ref('benjamin.moore');
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'giving a license back from My access, on %p',
  (databaseId: TestDatabaseId) => {
    const { call, until, writesFor, offerTableau } = sandboxPortal(
      databases,
      databaseId,
    );

    it('gives Tableau Viewer back with one removal in Okta and no approval, and refuses a second give-back', async () => {
      const sync = async () =>
        expect(
          (await call(ADMIN, 'POST', '/provisioning-workflows/sync/inventory'))
            .status,
        ).toBe(202);
      await sync();
      await offerTableau();
      const access = await call(BENJAMIN, 'GET', '/productiv-home/me/access');
      expect(access.body.items).toContainEqual(
        expect.objectContaining({ appKey: 'tableau', tierName: 'Viewer' }),
      );

      const given = await call(
        BENJAMIN,
        'POST',
        '/productiv-home/requests/return',
        { appKey: 'tableau', justification: 'Project over' },
      );
      expect(given.status).toBe(201);
      expect(given.body).toMatchObject({
        kind: 'return',
        appKey: 'tableau',
        tier: 'viewer',
        approvals: [],
      });
      expect(given.body.history[0]).toMatchObject({
        actor: BENJAMIN,
        type: 'submitted',
        comment: 'Gave back Tableau Viewer',
      });
      const done = await until(
        async () =>
          (
            await call(
              BENJAMIN,
              'GET',
              `/productiv-home/requests/${given.body.id}`,
            )
          ).body,
        r => !['approved', 'fulfilling'].includes(r.status),
      );
      expect(done).toMatchObject({
        status: 'fulfilled',
        kind: 'return',
        fulfillment: { provider: 'okta' },
      });
      // No one was asked to approve.
      expect(done.history.map((e: any) => e.type)).toEqual([
        'submitted',
        'approved',
        'fulfilling',
        'fulfilled',
      ]);

      // Exactly one write: out of Viewer.
      expect(
        (await writesFor('benjamin.moore@acme.example.com')).map(w => [
          w.kind,
          w.target,
          w.changed,
        ]),
      ).toEqual([['group.user.remove', 'Tableau Viewer', true]]);

      // In My requests, as a return.
      const mine = await call(BENJAMIN, 'GET', '/productiv-home/requests');
      expect(mine.body.items).toContainEqual(
        expect.objectContaining({ id: given.body.id, kind: 'return' }),
      );

      // Again before the inventory has seen it: refused, nothing written.
      const again = await call(
        BENJAMIN,
        'POST',
        '/productiv-home/requests/return',
        { appKey: 'tableau' },
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        `You gave back Tableau Viewer already (request ${given.body.id}); My access shows it until the next inventory sync`,
      );

      // After the next sync, My access no longer lists it: nothing to give back.
      await sync();
      await until(
        async () =>
          (
            await call(BENJAMIN, 'GET', '/productiv-home/me/access')
          ).body.items as any[],
        items => !items.some(i => i.appKey === 'tableau'),
      );
      const after = await call(
        BENJAMIN,
        'POST',
        '/productiv-home/requests/return',
        { appKey: 'tableau' },
      );
      expect(after.status).toBe(409);
      expect(after.body.error.message).toBe(
        'You do not have Tableau; there is nothing to give back',
      );
      expect((await writesFor('benjamin.moore@acme.example.com')).length).toBe(
        1,
      );
    });
  },
);
