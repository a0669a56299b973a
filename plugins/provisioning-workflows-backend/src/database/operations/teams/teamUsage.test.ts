import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from '../../migrations';
import { createInventoryStore } from '../../InventoryStore';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-11-01T12:00:00.000Z');
const ref = (name: string) => `user:default/${name}`;

describe('teamUsage', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const inventory = createInventoryStore(knex);
    const person = (name: string, oktaUserId?: string) => ({
      email: `${name}@acme.example.com`,
      entityRef: ref(name),
      oktaUserId,
      teams: [],
    });
    await inventory.syncPeople(
      [
        person('emma', '00uEmma'),
        person('liam', '00uLiam'),
        person('noah', '00uNoah'),
        // In the catalog only: holds nothing.
        person('olivia'),
        // Not a member of the team.
        person('zoe', '00uZoe'),
      ],
      NOW,
    );
    await inventory.syncInstances(
      [
        {
          id: '0oaFigma',
          appKey: 'figma',
          label: 'Figma',
          status: 'ACTIVE',
          groups: [
            { id: '00gView', name: 'Figma Viewer', priority: 0 },
            { id: '00gEdit', name: 'Figma Editor', priority: 1 },
          ],
        },
        {
          id: '0oaAsana',
          appKey: 'asana',
          label: 'Asana',
          status: 'ACTIVE',
          groups: [],
        },
        {
          id: '0oaGone',
          appKey: 'gone',
          label: 'Gone App',
          status: 'ACTIVE',
          groups: [],
        },
      ],
      NOW - 60 * DAY,
    );
    // The admin's tiers, Editor given the lower rank on purpose: ranks order, not groups.
    await inventory.putTiers(
      '0oaFigma',
      [
        { tier: 'editor', displayName: 'Full editor', groupId: '00gEdit' },
        { tier: 'viewer', displayName: 'View only', groupId: '00gView' },
      ],
      'user:default/admin',
      NOW - 50 * DAY,
    );
    await inventory.syncAssignments(
      '0oaFigma',
      [
        { oktaUserId: '00uEmma', scope: 'GROUP', groupId: '00gView' },
        { oktaUserId: '00uLiam', scope: 'GROUP', groupId: '00gView' },
        { oktaUserId: '00uNoah', scope: 'GROUP', groupId: '00gEdit' },
        { oktaUserId: '00uZoe', scope: 'GROUP', groupId: '00gEdit' },
      ],
      NOW - 40 * DAY,
    );
    await inventory.syncAssignments(
      '0oaAsana',
      [
        { oktaUserId: '00uEmma', scope: 'USER' },
        { oktaUserId: '00uLiam', scope: 'USER' },
      ],
      NOW - 40 * DAY,
    );
    await inventory.syncAssignments(
      '0oaGone',
      [{ oktaUserId: '00uEmma', scope: 'USER' }],
      NOW - 40 * DAY,
    );
    // Taken away since: not a seat any more.
    await inventory.syncAssignments('0oaGone', [], NOW - DAY);
    await knex('activity_last').insert([
      // Within 30 days.
      {
        okta_user_id: '00uEmma',
        instance_id: '0oaFigma',
        last_sign_in_ms: NOW - 2 * DAY,
      },
      // 31 days ago: not active.
      {
        okta_user_id: '00uLiam',
        instance_id: '0oaFigma',
        last_sign_in_ms: NOW - 31 * DAY,
      },
      // Active, but in another app than the seat counted below.
      {
        okta_user_id: '00uLiam',
        instance_id: '0oaAsana',
        last_sign_in_ms: NOW - 29 * DAY,
      },
      // Not a member: never counted.
      {
        okta_user_id: '00uZoe',
        instance_id: '0oaFigma',
        last_sign_in_ms: NOW - DAY,
      },
    ]);
    return inventory;
  }

  it.each(databases.eachSupportedId())(
    'counts the seats and active users of the members, by app and lowest tier first (%p)',
    async databaseId => {
      const inventory = await setUp(databaseId);
      const members = ['emma', 'liam', 'noah', 'olivia', 'unknown'].map(ref);
      expect(await inventory.teamUsage(members, NOW)).toEqual([
        {
          instanceId: '0oaAsana',
          appKey: 'asana',
          appName: 'Asana',
          instanceLabel: 'Asana',
          seats: 2,
          activeUsers: 1,
        },
        {
          instanceId: '0oaFigma',
          appKey: 'figma',
          appName: 'Figma',
          instanceLabel: 'Figma',
          tier: 'editor',
          tierDisplayName: 'Full editor',
          seats: 1,
          activeUsers: 0,
        },
        {
          instanceId: '0oaFigma',
          appKey: 'figma',
          appName: 'Figma',
          instanceLabel: 'Figma',
          tier: 'viewer',
          tierDisplayName: 'View only',
          seats: 2,
          activeUsers: 1,
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'answers nothing for a team without members or seats (%p)',
    async databaseId => {
      const inventory = await setUp(databaseId);
      expect(await inventory.teamUsage([], NOW)).toEqual([]);
      expect(await inventory.teamUsage([ref('olivia')], NOW)).toEqual([]);
    },
  );
});
