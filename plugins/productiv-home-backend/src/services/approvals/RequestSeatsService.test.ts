import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AccessRequest,
  HomeApp,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { RequestSeatsService } from './RequestSeatsService';

type App = Awaited<
  ReturnType<ProvisioningWorkflowsInventoryService['listApps']>
>[number];
type InstanceAssignment = Awaited<
  ReturnType<ProvisioningWorkflowsInventoryService['listAssignments']>
>[number];

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

const ADMIN = 'user:default/alex.morgan';
const APPROVER = 'user:default/olivia.chen';
const REQUEST_ID = '6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60';

const figmaApp = {
  appKey: 'figma',
  name: 'Figma',
  tiers: ['viewer', 'editor'],
  okta: {
    instanceId: '0oaFigma',
    tiers: [
      { tier: 'viewer', grant: 'okta-group', groupId: '00gView' },
      { tier: 'editor', grant: 'okta-group', groupId: '00gEdit' },
    ],
  },
} as unknown as HomeApp;

/** The inventory as provisioning workflows answers it: Editor full (3 of 3), Viewer without a seat count. */
const inventoryApps: App[] = [
  {
    key: 'figma',
    name: 'Figma',
    instances: [
      {
        id: '0oaFigma',
        appKey: 'figma',
        label: 'Figma',
        status: 'ACTIVE',
        groups: [],
        assignedUsers: 5,
        tiers: [
          {
            tier: 'viewer',
            displayName: 'Viewer',
            groupId: '00gView',
            rank: 0,
            holders: 2,
            source: 'admin',
          },
          {
            tier: 'editor',
            displayName: 'Editor',
            groupId: '00gEdit',
            seats: 3,
            rank: 1,
            holders: 3,
            source: 'admin',
          },
        ],
      },
    ],
  },
];

const holder = (
  name: string,
  groupId: string,
  lastSignIn?: string,
): InstanceAssignment => ({
  oktaUserId: `00u${name}`,
  email: `${name}@acme.example.com`,
  entityRef: `user:default/${name}`,
  displayName: name,
  scope: 'GROUP',
  groupId,
  lastSignIn,
  signIns30d: 0,
  signIns90d: 0,
});

const assignments: InstanceAssignment[] = [
  // Editors: one active, one idle 45 days, one who never signed in.
  holder('emma.jones', '00gEdit', ago(2)),
  holder('liam.patel', '00gEdit', ago(45)),
  holder('noah.kim', '00gEdit'),
  // An idle Viewer: another tier's seat, not counted.
  holder('zoe.ward', '00gView', ago(90)),
];

function setUp(tier: string, visible = true) {
  const request = {
    id: REQUEST_ID,
    appKey: 'figma',
    tier,
    requester: 'user:default/emma.jones',
  } as AccessRequest;
  const listAssignments = jest.fn(async () => assignments);
  const inventory = {
    listApps: async () => inventoryApps,
    listAssignments,
  } as unknown as ProvisioningWorkflowsInventoryService;
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(r => ({
        result:
          r.permission.name === productivHomeSettingsManagePermission.name &&
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef === ADMIN
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })) as any,
  });
  const service = new RequestSeatsService({
    requests: {
      getRequest: async id => {
        if (!visible || id !== REQUEST_ID)
          throw new NotFoundError(`No request ${id}`);
        return request;
      },
    },
    apps: { current: async () => ({ apps: [figmaApp] }) },
    inventory,
    auth: mockServices.auth(),
    permissions,
    now: () => NOW,
  });
  return { service, listAssignments };
}

describe('RequestSeatsService', () => {
  it('gives an approver who is not an admin the free seats and no holders', async () => {
    const { service, listAssignments } = setUp('editor');
    const seats = await service.seatsOf(REQUEST_ID, {
      credentials: mockCredentials.user(APPROVER),
    });
    expect(seats).toEqual({
      requestId: REQUEST_ID,
      tier: 'editor',
      tierName: 'Editor',
      seats: 3,
      holders: 3,
      freeSeats: 0,
    });
    // Who holds the seats is not even read for them.
    expect(listAssignments).not.toHaveBeenCalled();
  });

  it("gives an admin the tier's idle holders, never signed in first, then the longest idle", async () => {
    const { service } = setUp('editor');
    const seats = await service.seatsOf(REQUEST_ID, {
      credentials: mockCredentials.user(ADMIN),
    });
    expect(seats.freeSeats).toBe(0);
    expect(seats.idleHolders).toEqual([
      {
        entityRef: 'user:default/noah.kim',
        displayName: 'noah.kim',
        email: 'noah.kim@acme.example.com',
      },
      {
        entityRef: 'user:default/liam.patel',
        displayName: 'liam.patel',
        email: 'liam.patel@acme.example.com',
        lastSignIn: ago(45),
      },
    ]);
    expect(seats.idleHolderCount).toBe(2);
  });

  it('has no free-seat figure for a tier without a seat count', async () => {
    const { service } = setUp('viewer');
    const seats = await service.seatsOf(REQUEST_ID, {
      credentials: mockCredentials.user(ADMIN),
    });
    expect(seats).toMatchObject({ tierName: 'Viewer', holders: 2 });
    expect(seats.freeSeats).toBeUndefined();
    expect(seats.seats).toBeUndefined();
    expect(seats.idleHolders).toEqual([
      expect.objectContaining({ entityRef: 'user:default/zoe.ward' }),
    ]);
  });

  it('answers 404 for a request the caller may not see, admins included', async () => {
    const { service, listAssignments } = setUp('editor', false);
    await expect(
      service.seatsOf(REQUEST_ID, { credentials: mockCredentials.user(ADMIN) }),
    ).rejects.toThrow(NotFoundError);
    expect(listAssignments).not.toHaveBeenCalled();
  });
});
