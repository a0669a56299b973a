import { createServiceFactory } from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import request from 'supertest';
import { permissionModuleProductivPolicy } from './modules/permissionPolicy';
import { permissionTestServices } from './__testUtils__/permissionTestServices';
import { pluginContract } from './__testUtils__/contract';

/**
 * Every provisioning-workflows route, as each kind of caller, through the
 * real permission backend and the demo policy: super admins manage every
 * app's workflows, app admins (provisioningWorkflows.appAdmins) their apps'
 * only, employees none; run history and audit events follow the same lines.
 */

jest.setTimeout(120_000);

const ref = (name: string) => `user:default/${name}`;
const SUPER_ADMIN = ref('alex.morgan');
const FIGMA_ADMIN = ref('james.walker'); // product-engineering
const EMPLOYEE = ref('emma.jones');

describe('provisioning workflows authorization with the demo policy', () => {
  // Every answer of the walk must be one the spec declares.
  const contract = pluginContract(
    '@internal/plugin-provisioning-workflows-backend',
    '/api/provisioning-workflows',
  );
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ activity: { days: 90 } });
  });
  afterAll(() => sandbox.stop());

  it('walks every route as each kind of caller', async () => {
    const { server } = await startTestBackend({
      features: [
        provisioningWorkflowsPlugin,
        provisioningWorkflowsModuleOkta,
        permissionPlugin,
        permissionModuleProductivPolicy,
        permissionsServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
            },
            provisioningWorkflows: {
              adminGroups: ['group:default/productiv-admins'],
              appAdmins: { figma: ['group:default/product-engineering'] },
            },
          },
        }),
        ...permissionTestServices(),
        catalogServiceMock.factory({ entities: demoUserEntities() }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    const api = (
      method: 'get' | 'put' | 'post' | 'delete',
      path: string,
      who?: string,
      body?: object,
    ) => {
      const r = contract
        .checked(request(server)[method](`/api/provisioning-workflows${path}`))
        .set(
          'Authorization',
          who
            ? mockCredentials.user.header(who)
            : mockCredentials.none.header(),
        );
      return body ? r.send(body) : r;
    };

    // The inventory, synced from the sandbox by a super admin.
    expect((await api('post', '/sync/inventory', FIGMA_ADMIN)).status).toBe(
      403,
    );
    expect((await api('post', '/sync/inventory', SUPER_ADMIN)).status).toBe(
      202,
    );
    let instances: any[] = [];
    for (let i = 0; i < 100 && instances.length === 0; i++) {
      await new Promise(r => setTimeout(r, 100));
      instances = (await api('get', '/workflows', SUPER_ADMIN)).body.items;
    }
    const figma = instances.find(i => i.appKey === 'figma');
    const salesforce = instances.find(i => i.appKey === 'salesforce');
    expect(figma.status).toBe('needs-setup');

    // Listing: everything, one app, nothing, or not signed in.
    expect(instances.length).toBeGreaterThan(3);
    expect(
      (await api('get', '/workflows', FIGMA_ADMIN)).body.items.map(
        (i: any) => i.appKey,
      ),
    ).toEqual(['figma']);
    expect((await api('get', '/workflows', EMPLOYEE)).body.items).toEqual([]);
    expect((await api('get', '/workflows', undefined)).status).toBe(401);

    const definition = {
      rules: [
        {
          condition: { type: 'noSignIn', days: 90 },
          outcome: { action: 'deprovision' },
        },
      ],
    };
    const route = (id: string) => `/workflows/${encodeURIComponent(id)}`;
    // Set-up and changes: super admins and the app's admins.
    for (const [who, id, status] of [
      [EMPLOYEE, figma.instanceId, 403],
      [FIGMA_ADMIN, salesforce.instanceId, 403],
      [undefined, figma.instanceId, 401],
      [FIGMA_ADMIN, figma.instanceId, 200],
      [SUPER_ADMIN, salesforce.instanceId, 200],
    ] as const) {
      expect({
        who,
        id,
        status: (await api('put', route(id), who, definition)).status,
      }).toEqual({ who, id, status });
      expect((await api('get', route(id), who)).status).toBe(status);
      expect((await api('post', `${route(id)}/preview`, who, {})).status).toBe(
        status,
      );
      expect(
        (await api('put', `${route(id)}/status`, who, { status: 'active' }))
          .status,
      ).toBe(status);
      expect((await api('get', `${route(id)}/runs`, who)).status).toBe(status);
      expect((await api('get', `${route(id)}/results`, who)).status).toBe(
        status,
      );
      expect((await api('get', `/exemptions?scope=${id}`, who)).status).toBe(
        status,
      );
      expect(
        (
          await api('post', '/exemptions', who, {
            scope: id,
            entries: [{ value: 'nina.petrov@acme.example.com' }],
          })
        ).status,
      ).toBe(status === 200 ? 201 : status);
    }
    // Bad input is a 400 that says what is wrong.
    const bad = await api('put', route(figma.instanceId), FIGMA_ADMIN, {
      rules: [{ condition: { type: 'noSignIn', days: -1 } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/rules\.0\.condition\.days/);

    // The global exempt list is the super admins'.
    const global = {
      scope: 'global',
      csv: 'email\nsarah.johnson@acme.example.com,CEO',
    };
    expect((await api('post', '/exemptions', FIGMA_ADMIN, global)).status).toBe(
      403,
    );
    expect((await api('post', '/exemptions', SUPER_ADMIN, global)).status).toBe(
      201,
    );
    const badCsv = await api('post', '/exemptions', SUPER_ADMIN, {
      scope: 'global',
      csv: 'someone\nsomeone@acme.example.com',
    });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.error.message).toMatch(/line 1: 'someone'/);

    // Runs: started by admins of the app; followed by them.
    const run = await api(
      'post',
      `${route(figma.instanceId)}/runs`,
      FIGMA_ADMIN,
      {
        dryRun: true,
      },
    );
    expect(run.status).toBe(202);
    expect(
      (await api('post', `${route(figma.instanceId)}/runs`, EMPLOYEE, {}))
        .status,
    ).toBe(403);
    expect(
      (await api('get', `/workflow-runs/${run.body.id}`, FIGMA_ADMIN)).status,
    ).toBe(200);
    expect(
      (await api('get', `/workflow-runs/${run.body.id}`, EMPLOYEE)).status,
    ).toBe(403);
    expect(
      (await api('get', `/workflow-actions?runId=${run.body.id}`, EMPLOYEE))
        .status,
    ).toBe(403);
    expect(
      (await api('get', `/workflow-actions?runId=${run.body.id}`, SUPER_ADMIN))
        .status,
    ).toBe(200);

    // Audit events: all for super admins, their apps' for app admins.
    const allEvents = (await api('get', '/audit-events', SUPER_ADMIN)).body
      .items;
    expect(new Set(allEvents.map((e: any) => e.appKey))).toEqual(
      new Set(['figma', 'salesforce', undefined]),
    );
    const figmaEvents = (await api('get', '/audit-events', FIGMA_ADMIN)).body
      .items;
    expect(figmaEvents.length).toBeGreaterThan(0);
    expect(figmaEvents.every((e: any) => e.appKey === 'figma')).toBe(true);
    expect((await api('get', '/audit-events', EMPLOYEE)).status).toBe(403);
    expect(
      (await api('get', '/audit-events?type=nope', SUPER_ADMIN)).status,
    ).toBe(400);

    // Suggestions: deciding needs the app.
    expect(
      (
        await api('post', '/suggestions/decide', EMPLOYEE, {
          ids: ['4f7b8f2e-8f7e-4f59-9a43-0b8b3c1f5d11'],
          decision: 'accept',
        })
      ).status,
    ).toBe(404);

    // Warnings are everyone's own.
    expect((await api('get', '/warnings', EMPLOYEE)).status).toBe(200);
    expect(
      (
        await api(
          'post',
          '/warnings/4f7b8f2e-8f7e-4f59-9a43-0b8b3c1f5d11/opt-out',
          EMPLOYEE,
        )
      ).status,
    ).toBe(404);
    expect((await api('get', '/warnings', undefined)).status).toBe(401);

    // Removing exemptions: the app's admins for the app's list.
    const list = (
      await api('get', `/exemptions?scope=${figma.instanceId}`, FIGMA_ADMIN)
    ).body.items;
    expect(
      (await api('delete', `/exemptions/${list[0].id}`, EMPLOYEE)).status,
    ).toBe(403);
    expect(
      (await api('delete', `/exemptions/${list[0].id}`, FIGMA_ADMIN)).status,
    ).toBe(204);
    // The scheduler's task routes: admins and services only.
    const workflowTasks = expect.arrayContaining([
      'provisioning-workflows:inventory-sync',
      'provisioning-workflows:activity-ingest',
      'provisioning-workflows:workflow-tick',
      'provisioning-workflows:jobs',
    ]);
    const refusals: Record<number, unknown> = {
      200: undefined,
      401: expect.any(String),
      403: expect.stringContaining('provisioning-workflows.tasks.trigger'),
    };
    const tasks = '/api/provisioning-workflows/.backstage/scheduler/v1/tasks';
    const user = (name: string) => mockCredentials.user.header(ref(name));
    for (const [who, header, status] of [
      ['employee', user('emma.jones'), 403],
      ['approver', user('olivia.chen'), 403],
      ['app admin', mockCredentials.user.header(FIGMA_ADMIN), 403],
      ['super admin', mockCredentials.user.header(SUPER_ADMIN), 200],
      ['service', mockCredentials.service.header(), 200],
      ['anonymous', mockCredentials.none.header(), 401],
    ] as const) {
      const listed = await request(server)
        .get(tasks)
        .set('Authorization', header);
      expect({ who, status: listed.status }).toEqual({ who, status });
      const triggered = await request(server)
        .post(`${tasks}/provisioning-workflows:workflow-tick/trigger`)
        .set('Authorization', header);
      expect({ who, status: triggered.status }).toEqual({ who, status });
      expect(listed.body.tasks?.map((t: any) => t.taskId)).toEqual(
        status === 200 ? workflowTasks : undefined,
      );
      // A refusal names the permission that is missing.
      expect(triggered.body.error?.message).toEqual(refusals[status]);
    }
  });
});
