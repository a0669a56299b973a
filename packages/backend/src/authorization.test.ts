import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { productivHomeFulfillmentExtensionPoint } from '@internal/plugin-productiv-home-node';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { demoUserEntities } from '@internal/sandbox';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import request from 'supertest';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { permissionModuleProductivPolicy } from './modules/permissionPolicy';
import { permissionTestServices } from './__testUtils__/permissionTestServices';
import { pluginContract } from './__testUtils__/contract';

/**
 * Every Productiv Home route, as each kind of caller, through the real
 * permission backend and the demo policy: conditional decisions are applied
 * by the plugin to one request or app, or as SQL filters to lists.
 */

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;
const SUPER_ADMIN = ref('alex.morgan');

async function backend() {
  const sent: unknown[] = [];
  const users = demoUserEntities();
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      permissionPlugin,
      // A ticketing module, as the real ones plug in.
      createBackendModule({
        pluginId: 'productiv-home',
        moduleId: 'test-ticketing',
        register(reg) {
          reg.registerInit({
            deps: { fulfillment: productivHomeFulfillmentExtensionPoint },
            async init({ fulfillment }) {
              fulfillment.addProvider({
                id: 'zendesk',
                kind: 'ticket',
                fulfill: async () => ({ status: 'pending', externalId: '1' }),
                test: async () => 'Connected to acme.zendesk.com',
              });
            },
          });
        },
      }),
      permissionModuleProductivPolicy,
      permissionsServiceFactory,
      httpAuthServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          productivHome: { adminGroups: ['group:default/productiv-admins'] },
        },
      }),
      ...permissionTestServices(),
      catalogServiceMock.factory({ entities: users }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: provisioningWorkflowsInventoryServiceRef,
        deps: {},
        factory: () => ({
          listApps: async () =>
            [
              {
                key: 'figma',
                name: 'Figma',
                instances: [
                  {
                    id: '0oa1',
                    appKey: 'figma',
                    label: 'Figma',
                    status: 'ACTIVE',
                    groups: [],
                    tiers: [
                      { tier: 'editor', groupId: '00g1', source: 'suggested' },
                    ],
                    assignedUsers: 3,
                  },
                ],
              },
              {
                key: 'miro',
                name: 'Miro',
                instances: [
                  {
                    id: '0oa2',
                    appKey: 'miro',
                    label: 'Miro',
                    status: 'ACTIVE',
                    groups: [],
                    tiers: [],
                    assignedUsers: 2,
                  },
                ],
              },
            ] as any,
          listAssignments: async () => [],
          listHoldings: async () => [],
          getPeerUsage: async (entityRef: string) => ({
            entityRef,
            teams: [],
            byTeam: [{ appKey: 'figma', appName: 'Figma', users: 4 }],
            byTitle: [],
            byDepartment: [{ appKey: 'figma', appName: 'Figma', users: 9 }],
          }),
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async (n: unknown) => void sent.push(n) }),
      }),
    ],
  });
  const as = (who?: string) => (req: request.Test) =>
    req.set(
      'Authorization',
      who ? mockCredentials.user.header(who) : mockCredentials.none.header(),
    );
  return { server, sent, as };
}

const figma = {
  name: 'Figma',
  description: 'Design',
  category: 'Design',
  tiers: ['viewer', 'editor'],
  owners: [ref('sofia.garcia')],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }],
  },
  fulfillment: 'manual',
};

describe('Productiv Home authorization with the demo policy', () => {
  // Every answer of the walk must be one the spec declares.
  const contract = pluginContract(
    '@internal/plugin-productiv-home-backend',
    '/api/productiv-home',
  );
  it('walks every route as each kind of caller', async () => {
    const { server, sent, as } = await backend();
    const api = (
      method: 'get' | 'put' | 'post' | 'delete',
      path: string,
      who?: string,
      body?: object,
    ) => {
      const r = contract.checked(
        as(who)(request(server)[method](`/api/productiv-home${path}`)),
      );
      return body ? r.send(body) : r;
    };
    const anonymous = undefined;
    const employee = ref('emma.jones');
    const otherEmployee = ref('liam.patel');
    const approver = ref('olivia.chen'); // Emma's manager
    const unrelatedApprover = ref('james.walker');
    const appAdmin = ref('sofia.garcia'); // Figma owner

    // Home catalog
    expect((await api('put', '/apps/figma', employee, figma)).status).toBe(403);
    expect((await api('put', '/apps/figma', anonymous, figma)).status).toBe(
      401,
    );
    expect((await api('put', '/apps/figma', SUPER_ADMIN, figma)).status).toBe(
      200,
    );
    expect(
      (
        await api('put', '/apps/figma', appAdmin, {
          ...figma,
          description: 'Design and prototyping',
        })
      ).status,
    ).toBe(200);
    expect(
      (await api('put', '/apps/figma', unrelatedApprover, figma)).status,
    ).toBe(403);
    expect(
      (await api('get', '/apps', employee)).body.items.map(
        (a: any) => a.description,
      ),
    ).toEqual(['Design and prototyping']);
    expect((await api('get', '/apps', anonymous)).status).toBe(401);
    const catalog = await api('get', '/catalog', employee);
    expect(catalog.body.items.map((a: any) => a.appKey)).toEqual(['figma']);
    expect(
      (
        await api('get', '/catalog', employee).set(
          'If-None-Match',
          catalog.headers.etag,
        )
      ).status,
    ).toBe(304);
    const gzipped = await api('get', '/catalog', employee).set(
      'Accept-Encoding',
      'gzip',
    );
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.items.map((a: any) => a.appKey)).toEqual(['figma']);
    expect((await api('get', '/catalog/peers', employee)).body.items).toEqual([
      { appKey: 'figma', team: 4, title: 0, department: 9 },
    ]);
    expect((await api('get', '/catalog', anonymous)).status).toBe(401);
    expect((await api('get', '/catalog/peers', anonymous)).status).toBe(401);
    expect((await api('get', '/catalog/candidates', employee)).status).toBe(
      403,
    );
    expect(
      (await api('get', '/catalog/candidates', SUPER_ADMIN)).body.items,
    ).toEqual([
      {
        appKey: 'miro',
        name: 'Miro',
        instances: ['Miro'],
        suggestedTiers: [],
        automatic: false,
      },
    ]);
    const invalid = await api('put', '/apps/figma', SUPER_ADMIN, {
      ...figma,
      tiers: [],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain(
      'at least one requestable tier is required',
    );

    // Settings
    expect((await api('get', '/settings', employee)).status).toBe(403);
    expect((await api('get', '/settings', appAdmin)).status).toBe(403);
    expect((await api('get', '/settings', SUPER_ADMIN)).body).toMatchObject({
      defaultApprovers: [{ type: 'manager' }],
    });
    const newSettings = {
      approvalMethod: 'slack',
      defaultApprovers: [{ type: 'manager' }],
      fallbackApprover: SUPER_ADMIN,
      reminderHours: [24],
      justificationRequired: true,
    };
    expect((await api('put', '/settings', employee, newSettings)).status).toBe(
      403,
    );
    expect(
      (await api('put', '/settings', SUPER_ADMIN, newSettings)).status,
    ).toBe(200);

    // Connectors: super admins only; a live test reports its outcome.
    expect((await api('get', '/connectors', employee)).status).toBe(403);
    expect((await api('get', '/connectors', anonymous)).status).toBe(401);
    expect((await api('get', '/connectors', SUPER_ADMIN)).body.items).toEqual([
      { id: 'zendesk', role: 'ticketing', active: true, testable: true },
    ]);
    expect(
      (await api('post', '/connectors/zendesk/test', appAdmin)).status,
    ).toBe(403);
    expect(
      (await api('post', '/connectors/zendesk/test', SUPER_ADMIN)).body,
    ).toMatchObject({ ok: true, detail: 'Connected to acme.zendesk.com' });
    expect(
      (await api('post', '/connectors/okta/test', SUPER_ADMIN)).status,
    ).toBe(404);
    expect(
      (await api('get', '/connectors/zendesk/test', SUPER_ADMIN)).status,
    ).toBe(404);

    // Requests
    expect(
      (
        await api('post', '/requests', anonymous, {
          appKey: 'figma',
          tier: 'editor',
        })
      ).status,
    ).toBe(401);
    const noReason = await api('post', '/requests', employee, {
      appKey: 'figma',
      tier: 'editor',
    });
    expect(noReason.status).toBe(400);
    const created = await api('post', '/requests', employee, {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Design reviews',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const duplicate = await api('post', '/requests', employee, {
      appKey: 'figma',
      tier: 'editor',
      justification: 'again',
    });
    expect(duplicate.status).toBe(409);

    expect((await api('get', `/requests/${id}`, employee)).status).toBe(200);
    expect((await api('get', `/requests/${id}`, approver)).status).toBe(200);
    expect((await api('get', `/requests/${id}`, SUPER_ADMIN)).status).toBe(200);
    expect((await api('get', `/requests/${id}`, otherEmployee)).status).toBe(
      404,
    );
    expect(
      (await api('get', `/requests/${id}`, unrelatedApprover)).status,
    ).toBe(404);
    expect((await api('get', `/requests/${id}`, anonymous)).status).toBe(401);
    const notAnId = await api('get', '/requests/not-a-request', SUPER_ADMIN);
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.error.message).toBe(
      'Invalid request: id: must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
    );
    expect(
      (
        await api(
          'get',
          '/requests/6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60',
          SUPER_ADMIN,
        )
      ).status,
    ).toBe(404);

    expect(
      (await api('get', '/requests', employee)).body.items.map(
        (r: any) => r.id,
      ),
    ).toEqual([id]);
    expect((await api('get', '/requests', otherEmployee)).body.items).toEqual(
      [],
    );
    expect(
      (await api('get', '/approvals', approver)).body.items.map(
        (r: any) => r.id,
      ),
    ).toEqual([id]);
    expect(
      (await api('get', '/approvals', unrelatedApprover)).body.items,
    ).toEqual([]);

    // Every request one may see, filtered in SQL by the policy's conditions.
    const visible = async (who: string) =>
      (await api('get', '/requests?scope=all', who)).body.items.map(
        (r: any) => r.id,
      );
    const mine = await api('post', '/requests', otherEmployee, {
      appKey: 'figma',
      tier: 'viewer',
      justification: 'Reviews',
    });
    expect(mine.status).toBe(201);
    expect(await visible(employee)).toEqual([id]);
    expect(await visible(otherEmployee)).toEqual([mine.body.id]);
    // Olivia manages both Emma and Liam, so she approves both requests.
    expect((await visible(approver)).sort()).toEqual([id, mine.body.id].sort());
    expect(await visible(unrelatedApprover)).toEqual([]);
    expect((await visible(appAdmin)).sort()).toEqual([id, mine.body.id].sort()); // Figma's owner
    expect((await visible(SUPER_ADMIN)).sort()).toEqual(
      [id, mine.body.id].sort(),
    );
    expect((await api('get', '/requests?scope=all', anonymous)).status).toBe(
      401,
    );
    const badQuery = await api('get', '/requests?status=lost', employee);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toContain('status');
    expect(
      (await api('get', `/requests/${mine.body.id}`, appAdmin)).status,
    ).toBe(200);

    // The apps one may manage.
    const manageable = async (who: string) =>
      (await api('get', '/apps?manageable=true', who)).body.items.map(
        (a: any) => a.appKey,
      );
    expect(await manageable(appAdmin)).toEqual(['figma']);
    expect(await manageable(employee)).toEqual([]);
    expect(await manageable(SUPER_ADMIN)).toEqual(['figma']);
    expect(
      (await api('put', '/apps/notion', appAdmin, { ...figma, name: 'Notion' }))
        .status,
    ).toBe(403);

    // Decisions: never on one's own request, only by the assigned approver
    // or, on behalf of the approvers, by a super admin (below).
    expect(
      (
        await api('post', `/requests/${id}/decision`, employee, {
          decision: 'approved',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api('post', `/requests/${id}/decision`, unrelatedApprover, {
          decision: 'approved',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api('post', `/requests/${id}/decision`, approver, {
          decision: 'maybe',
        })
      ).status,
    ).toBe(400);
    expect((await api('post', `/requests/${id}/cancel`, approver)).status).toBe(
      403,
    );
    const approved = await api('post', `/requests/${id}/decision`, approver, {
      decision: 'approved',
      comment: 'ok',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('fulfilled');
    // The override reaches a decided request: nothing is left to decide.
    expect(
      (
        await api('post', `/requests/${id}/decision`, SUPER_ADMIN, {
          decision: 'approved',
        })
      ).status,
    ).toBe(409);
    // Liam's request still waits on Olivia: the super admin decides for her.
    const overridden = await api(
      'post',
      `/requests/${mine.body.id}/decision`,
      SUPER_ADMIN,
      { decision: 'denied' },
    );
    expect(overridden.status).toBe(200);
    expect(overridden.body.status).toBe('denied');
    expect(overridden.body.history.at(-1)).toMatchObject({
      type: 'denied',
      actor: SUPER_ADMIN,
      onBehalfOf: [approver],
    });
    expect((await api('post', `/requests/${id}/cancel`, employee)).status).toBe(
      409,
    );
    expect(sent.length).toBeGreaterThanOrEqual(2);

    // The same operation in the actions registry, for the calling user.
    const invoke = (who: string | undefined, input: object) =>
      api(
        'post',
        '/.backstage/actions/v1/actions/productiv-home:request-app/invoke',
        who,
        input,
      );
    const viaAction = await invoke(ref('noah.kim'), {
      appKey: 'figma',
      tier: 'viewer',
      justification: 'Prototypes',
    });
    expect(viaAction.status).toBe(200);
    expect(viaAction.body.output).toMatchObject({
      status: 'pending_approval',
      message: 'Requested figma (viewer); waiting for approval at level 1',
    });
    expect(
      (
        await api(
          'get',
          `/requests/${viaAction.body.output.requestId}`,
          ref('noah.kim'),
        )
      ).body.requester,
    ).toBe(ref('noah.kim'));
    const again = await invoke(ref('noah.kim'), {
      appKey: 'figma',
      tier: 'viewer',
      justification: 'Prototypes',
    });
    expect(again.status).toBe(409);
    expect((await invoke(ref('noah.kim'), { tier: 'viewer' })).status).toBe(
      400,
    );
    expect(
      (await invoke(anonymous, { appKey: 'figma', tier: 'viewer' })).status,
    ).toBe(401);

    // Retrying fulfillment: only for failed requests, by owners and admins.
    expect((await api('post', `/requests/${id}/retry`, employee)).status).toBe(
      403,
    );
    const notFailed = await api('post', `/requests/${id}/retry`, SUPER_ADMIN);
    expect(notFailed.status).toBe(409);
    expect(notFailed.body.error.message).toContain(
      'only failed requests can be retried',
    );
    expect((await api('post', `/requests/${id}/retry`, appAdmin)).status).toBe(
      409,
    );

    // Removing the app: owners and admins only.
    expect((await api('delete', '/apps/figma', employee)).status).toBe(403);
    expect((await api('delete', '/apps/figma', appAdmin)).status).toBe(204);
    expect((await api('delete', '/apps/figma', SUPER_ADMIN)).status).toBe(404);
  });
  it('locks the scheduler task routes to admins and services', async () => {
    const { server } = await backend();
    const tasks = '/api/productiv-home/.backstage/scheduler/v1/tasks';
    const trigger = `${tasks}/productiv-home:approval-reminders/trigger`;
    const call = (method: 'get' | 'post', path: string, header: string) =>
      request(server)[method](path).set('Authorization', header);
    const user = (name: string) => mockCredentials.user.header(ref(name));
    const callers: Array<[string, string, number]> = [
      ['employee', user('emma.jones'), 403],
      ['approver', user('olivia.chen'), 403],
      ['app admin', user('sofia.garcia'), 403],
      ['super admin', mockCredentials.user.header(SUPER_ADMIN), 200],
      ['service', mockCredentials.service.header(), 200],
      ['anonymous', mockCredentials.none.header(), 401],
    ];
    const homeTasks = expect.arrayContaining([
      'productiv-home:jobs',
      'productiv-home:ticket-checks',
      'productiv-home:approval-reminders',
    ]);
    const refusals: Record<number, unknown[]> = {
      200: [undefined, undefined],
      401: [expect.any(String), expect.any(String)],
      403: [
        expect.stringContaining('productiv-home.tasks.read'),
        expect.stringContaining('productiv-home.tasks.trigger'),
      ],
    };
    for (const [who, header, status] of callers) {
      const listed = await call('get', tasks, header);
      expect({ who, status: listed.status }).toEqual({ who, status });
      const triggered = await call('post', trigger, header);
      expect({ who, status: triggered.status }).toEqual({ who, status });
      const cancelled = await call(
        'post',
        `${tasks}/productiv-home:ticket-checks/cancel`,
        header,
      );
      // Cancelling a task that is not running is a conflict, once allowed.
      expect({ who, status: cancelled.status }).toEqual({
        who,
        status: status === 200 ? 409 : status,
      });
      expect(listed.body.tasks?.map((t: any) => t.taskId)).toEqual(
        status === 200 ? homeTasks : undefined,
      );
      // A refusal names the permission that is missing.
      expect([
        listed.body.error?.message,
        triggered.body.error?.message,
      ]).toEqual(refusals[status]);
    }
  });
});
