import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { createInventoryStore } from '../database/InventoryStore';
import { provisioningWorkflowsPlugin } from '../plugin';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const TEAM = 'group:default/platform-engineering';
const EMMA = 'user:default/emma.jones';
const LIAM = 'user:default/liam.chen';
const OUTSIDER = 'user:default/zoe.outsider';
const path = (ref: string) =>
  `/api/provisioning-workflows/teams/usage?entityRef=${encodeURIComponent(
    ref,
  )}`;

const user = (ref: string, groups: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
});
const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-engineering', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'empty-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  user(EMMA, [TEAM]),
  user(LIAM, [TEAM, 'group:default/engineering']),
  // A member of a child team only: not a direct member.
  user(OUTSIDER, ['group:default/platform-sre']),
];

describe('GET /teams/usage', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  /** The plugin with the team in the catalog and its seats in the inventory. */
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
        catalogServiceMock.factory({ entities }),
      ],
    });
    const now = Date.now();
    const inventory = createInventoryStore(knex);
    await inventory.syncPeople(
      [
        { email: 'emma@acme.example.com', entityRef: EMMA, oktaUserId: '00uE' },
        { email: 'liam@acme.example.com', entityRef: LIAM, oktaUserId: '00uL' },
        {
          email: 'zoe@acme.example.com',
          entityRef: OUTSIDER,
          oktaUserId: '00uZ',
        },
      ].map(p => ({ ...p, teams: [] })),
      now,
    );
    await inventory.syncInstances(
      [
        {
          id: '0oaFigma',
          appKey: 'figma',
          label: 'Figma',
          status: 'ACTIVE',
          groups: [{ id: '00gView', name: 'Figma Viewer', priority: 0 }],
        },
      ],
      now,
    );
    await inventory.syncAssignments(
      '0oaFigma',
      ['00uE', '00uL', '00uZ'].map(oktaUserId => ({
        oktaUserId,
        scope: 'GROUP' as const,
        groupId: '00gView',
      })),
      now,
    );
    await knex('activity_last').insert({
      okta_user_id: '00uE',
      instance_id: '0oaFigma',
      last_sign_in_ms: now - 3 * DAY,
    });
    return server;
  }

  const usage = {
    entityRef: TEAM,
    members: 2,
    items: [
      {
        instanceId: '0oaFigma',
        appKey: 'figma',
        appName: 'Figma',
        instanceLabel: 'Figma',
        tier: 'viewer',
        tierDisplayName: 'Viewer',
        seats: 2,
        activeUsers: 1,
      },
    ],
  };

  it.each(databases.eachSupportedId())(
    'shows a team to its members and refuses others without the admin permissions (%p)',
    async databaseId => {
      const server = await backend(databaseId, AuthorizeResult.DENY);
      const member = await request(server)
        .get(path(TEAM))
        .set('Authorization', mockCredentials.user.header(EMMA));
      expect(member.status).toBe(200);
      expect(member.body).toEqual(usage);

      const outsider = await request(server)
        .get(path(TEAM))
        .set('Authorization', mockCredentials.user.header(OUTSIDER));
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toBe(
        "Only the team's members and the Productiv admins may see the apps a team uses",
      );

      const missing = await request(server)
        .get(path('group:default/nobody'))
        .set('Authorization', mockCredentials.user.header(EMMA));
      expect(missing.status).toBe(404);
      // A team without members is nobody's; an admin may still look.
      const empty = await request(server)
        .get(path('group:default/empty-team'))
        .set('Authorization', mockCredentials.user.header(EMMA));
      expect(empty.status).toBe(403);

      const bad = await request(server)
        .get(path(EMMA))
        .set('Authorization', mockCredentials.user.header(EMMA));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'Invalid request: entityRef: must be a group entity ref such as group:default/platform-engineering',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'shows any team to admins and services (%p)',
    async databaseId => {
      const server = await backend(databaseId, AuthorizeResult.ALLOW);
      const admin = await request(server)
        .get(path(TEAM))
        .set('Authorization', mockCredentials.user.header(OUTSIDER));
      expect(admin.status).toBe(200);
      expect(admin.body).toEqual(usage);
      const service = await request(server)
        .get(path(TEAM))
        .set('Authorization', mockCredentials.service.header());
      expect(service.status).toBe(200);
      expect(service.body.members).toBe(2);
      const empty = await request(server)
        .get(path('group:default/empty-team'))
        .set('Authorization', mockCredentials.user.header(OUTSIDER));
      expect(empty.body).toEqual({
        entityRef: 'group:default/empty-team',
        members: 0,
        items: [],
      });
    },
  );
});
