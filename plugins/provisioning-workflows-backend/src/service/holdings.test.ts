import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ProvisioningWorkflowsInventoryClient } from '@internal/plugin-provisioning-workflows-node';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createInventoryStore } from '../database/InventoryStore';
import { provisioningWorkflowsPlugin } from '../plugin';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-11-01T12:00:00.000Z');
const BENJAMIN = 'user:default/benjamin.ortiz';
const path = (ref: string) =>
  `/api/provisioning-workflows/people/holdings?entityRef=${encodeURIComponent(
    ref,
  )}`;

describe('GET /people/holdings', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  /** The plugin on a test database with Benjamin's inventory in it. */
  async function backend(
    databaseId: TestDatabaseId,
    result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  ) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        provisioningWorkflowsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result }),
      ],
    });
    const inventory = createInventoryStore(knex);
    await inventory.syncPeople(
      [
        {
          email: 'benjamin.ortiz@acme.example.com',
          entityRef: BENJAMIN,
          oktaUserId: '00uBen',
          teams: [],
        },
        {
          email: 'nina.petrov@acme.example.com',
          entityRef: 'user:default/nina.petrov',
          teams: [],
        },
      ],
      NOW,
    );
    const group = (id: string, name: string, priority: number) => ({
      id,
      name,
      priority,
    });
    await inventory.syncInstances(
      [
        {
          id: '0oaTab',
          appKey: 'tableau_online',
          label: 'Tableau',
          status: 'ACTIVE',
          groups: [
            group('00gCre', 'Tableau Creator', 0),
            group('00gVie', 'Tableau Viewer', 1),
          ],
        },
        {
          id: '0oaSfSb',
          appKey: 'salesforce',
          label: 'Salesforce Sandbox',
          status: 'ACTIVE',
          groups: [],
        },
        {
          id: '0oaSf',
          appKey: 'salesforce',
          label: 'Salesforce',
          status: 'ACTIVE',
          groups: [],
        },
        {
          id: '0oaOld',
          appKey: 'old',
          label: 'Old App',
          status: 'ACTIVE',
          groups: [],
        },
      ],
      NOW - 60 * DAY,
    );
    const assign = (instanceId: string, assignedMs: number, groupId?: string) =>
      inventory.syncAssignments(
        instanceId,
        [
          {
            oktaUserId: '00uBen',
            scope: groupId ? 'GROUP' : 'USER',
            groupId,
            assignedMs,
          },
        ],
        NOW - 30 * DAY,
      );
    await assign('0oaTab', NOW - 40 * DAY, '00gVie');
    await assign('0oaSfSb', NOW - 35 * DAY);
    await assign('0oaOld', NOW - 35 * DAY);
    // Taken away since: not held any more.
    await inventory.syncAssignments('0oaOld', [], NOW - DAY);
    await knex('activity_last').insert({
      okta_user_id: '00uBen',
      instance_id: '0oaTab',
      last_sign_in_ms: NOW - 2 * DAY,
    });
    const port = (server.address() as AddressInfo).port;
    const client = new ProvisioningWorkflowsInventoryClient({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async id => `http://localhost:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://localhost:${port}/api/${id}`,
      },
    });
    return { server, client };
  }

  const benjaminHoldings = [
    {
      instanceId: '0oaSfSb',
      appKey: 'salesforce',
      appName: 'Salesforce',
      instanceLabel: 'Salesforce Sandbox',
      assignedAt: new Date(NOW - 35 * DAY).toISOString(),
    },
    {
      instanceId: '0oaTab',
      appKey: 'tableau_online',
      appName: 'Tableau',
      instanceLabel: 'Tableau',
      tier: 'viewer',
      tierDisplayName: 'Viewer',
      groupId: '00gVie',
      assignedAt: new Date(NOW - 40 * DAY).toISOString(),
      lastSignIn: new Date(NOW - 2 * DAY).toISOString(),
    },
  ];

  it.each(databases.eachSupportedId())(
    "shows a person their own licenses without any permission, and nobody else's (%p)",
    async databaseId => {
      const { server, client } = await backend(
        databaseId,
        AuthorizeResult.DENY,
      );
      const own = await request(server)
        .get(path(BENJAMIN))
        .set('Authorization', mockCredentials.user.header(BENJAMIN));
      expect(own.status).toBe(200);
      expect(own.body).toEqual({ items: benjaminHoldings });

      const other = await request(server)
        .get(path(BENJAMIN))
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/nina.petrov'),
        );
      expect(other.status).toBe(403);
      expect(other.body.error.message).toMatch(
        /^You may only see your own licenses; .*provisioning-workflows\.inventory\.read/,
      );

      // Through the -node client, on behalf of the person (as Productiv Home calls it).
      await expect(
        client.listHoldings(BENJAMIN, {
          credentials: mockCredentials.user(BENJAMIN),
        }),
      ).resolves.toEqual(benjaminHoldings);
      // In the catalog but not in Okta: nothing held.
      await expect(
        client.listHoldings('user:default/nina.petrov', {
          credentials: mockCredentials.user('user:default/nina.petrov'),
        }),
      ).resolves.toEqual([]);
      // Not known to the inventory: 404, which the client surfaces.
      await expect(
        client.listHoldings('user:default/new.hire', {
          credentials: mockCredentials.user('user:default/new.hire'),
        }),
      ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });

      const bad = await request(server)
        .get('/api/provisioning-workflows/people/holdings?entityRef=benjamin')
        .set('Authorization', mockCredentials.user.header(BENJAMIN));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'Invalid request: entityRef: must be a user entity ref such as user:default/emma.jones',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    "shows anyone's licenses to holders of the inventory read permission and to services (%p)",
    async databaseId => {
      const { server } = await backend(databaseId, AuthorizeResult.ALLOW);
      const admin = await request(server)
        .get(path(BENJAMIN))
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/productiv-admin'),
        );
      expect(admin.status).toBe(200);
      expect(admin.body.items).toEqual(benjaminHoldings);
      const service = await request(server)
        .get(path(BENJAMIN))
        .set('Authorization', mockCredentials.service.header());
      expect(service.status).toBe(200);
      expect(service.body.items).toHaveLength(2);
    },
  );
});
