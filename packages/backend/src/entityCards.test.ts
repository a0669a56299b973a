import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { sandboxPortal } from './__testUtils__/sandboxPortal';

/**
 * The data of the catalog's entity-page cards, end to end on each database
 * with the real inventory (Provisioning workflows, synced from the
 * sandbox's Okta): Benjamin's Access card shows Tableau Viewer by name and
 * his open request for Explorer waiting on his manager; his team's card
 * counts the Tableau seats of the Sales team.
 */

jest.setTimeout(180_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const BENJAMIN = ref('benjamin.moore');
const MANAGER = ref('charlotte.davis');
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the entity-page cards, on %p',
  (databaseId: TestDatabaseId) => {
    const { call, offerTableau } = sandboxPortal(databases, databaseId);

    it("shows a person's holdings and open requests, and their team's seats", async () => {
      expect(
        (await call(ADMIN, 'POST', '/provisioning-workflows/sync/inventory'))
          .status,
      ).toBe(202);
      await offerTableau();
      const asked = await call(BENJAMIN, 'POST', '/productiv-home/requests', {
        appKey: 'tableau',
        tier: 'explorer',
        justification: 'Building my own views',
      });
      expect(asked.status).toBe(201);

      const path = `/productiv-home/people/access?entityRef=${encodeURIComponent(
        BENJAMIN,
      )}`;
      // His manager reads it as Home: what the inventory says he holds.
      const access = await call(MANAGER, 'GET', path);
      expect(access.status).toBe(200);
      expect(access.body.entityRef).toBe(BENJAMIN);
      expect(access.body.holdings).toContainEqual(
        expect.objectContaining({
          appKey: 'tableau',
          appName: 'Tableau',
          tierName: 'Viewer',
          since: expect.any(String),
        }),
      );
      expect(access.body.pending).toEqual([
        {
          id: asked.body.id,
          appKey: 'tableau',
          appName: 'Tableau',
          tier: 'explorer',
          tierName: 'Explorer',
          status: 'pending_approval',
          waitingOn: [{ entityRef: MANAGER, name: 'Charlotte Davis' }],
          createdAt: asked.body.createdAt,
          updatedAt: asked.body.updatedAt,
        },
      ]);
      expect((await call(BENJAMIN, 'GET', path)).body).toEqual(access.body);

      const team = await call(
        BENJAMIN,
        'GET',
        '/provisioning-workflows/teams/usage?entityRef=group:default/sales',
      );
      expect(team.status).toBe(200);
      expect(team.body.members).toBeGreaterThan(1);
      const tableau = team.body.items.filter(
        (i: any) => i.appKey === 'tableau_online',
      );
      // Lowest tier first, by name, Benjamin's Viewer seat among them.
      expect(tableau.length).toBeGreaterThan(0);
      expect(tableau.map((i: any) => i.tierDisplayName)).toContain('Viewer');
      const ranks = ['Viewer', 'Explorer', 'Creator'];
      const order = tableau.map((i: any) => ranks.indexOf(i.tierDisplayName));
      expect(order).toEqual([...order].sort((a: number, b: number) => a - b));
      for (const i of team.body.items)
        expect(i.activeUsers).toBeLessThanOrEqual(i.seats);
    });
  },
);
