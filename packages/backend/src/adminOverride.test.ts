import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { productivHomeRequestDecideOverridePermission } from '@internal/plugin-productiv-home-common';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities } from '@internal/sandbox';
import request from 'supertest';
import { permissionModuleProductivPolicy } from './modules/permissionPolicy';
import { permissionTestServices } from './__testUtils__/permissionTestServices';
import { pluginContract } from './__testUtils__/contract';

/**
 * Issue 13, item 4, end to end: a super admin decides a request that waits
 * on someone else, through the real plugin, the real permission backend and
 * the demo policy. The request moves on, its history and the audit log say
 * it was on behalf of the approvers, and they are told.
 */

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;
const SUPER_ADMIN = ref('alex.morgan');
const EMPLOYEE = ref('emma.jones');
const MANAGER = ref('olivia.chen'); // Emma's manager: level 1
const APP_OWNER = ref('sofia.garcia'); // Figma's owner: level 2
const BY_ADMIN = 'Alex Morgan, an admin, on behalf of the approvers';

type AuditRecord = {
  eventId: string;
  severityLevel?: string;
  meta?: object;
  outcome?: 'success' | 'fail';
  error?: string;
};

/** An auditor that keeps every event with how it ended. */
function recordingAuditor(events: AuditRecord[]) {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: (): AuditorService => ({
      async createEvent(options) {
        const record: AuditRecord = {
          eventId: options.eventId,
          severityLevel: options.severityLevel,
          meta: options.meta,
        };
        events.push(record);
        return {
          async success() {
            record.outcome = 'success';
          },
          async fail({ error }) {
            record.outcome = 'fail';
            record.error = error.message;
          },
        };
      },
    }),
  });
}

async function backend() {
  const sent: NotificationSendOptions[] = [];
  const audit: AuditRecord[] = [];
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      permissionPlugin,
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
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      recordingAuditor(audit),
      createServiceFactory({
        service: provisioningWorkflowsInventoryServiceRef,
        deps: {},
        factory: () => ({
          listApps: async () => [],
          listAssignments: async () => [],
          listHoldings: async () => [],
          getPeerUsage: async (entityRef: string) => ({
            entityRef,
            teams: [],
            byTeam: [],
            byTitle: [],
            byDepartment: [],
          }),
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async n => void sent.push(n) }),
      }),
    ],
  });
  return { server, sent, audit };
}

/** Notifications are sent from jobs, after the answer: waits for one. */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('admin override with the demo policy', () => {
  const contract = pluginContract(
    '@internal/plugin-productiv-home-backend',
    '/api/productiv-home',
  );

  it('lets a super admin decide for the approvers, audited and told; never on their own request, never an employee', async () => {
    const { server, sent, audit } = await backend();
    const api = (
      method: 'get' | 'put' | 'post',
      path: string,
      who: string,
      body?: object,
    ) => {
      const r = contract.checked(
        request(server)
          [method](`/api/productiv-home${path}`)
          .set('Authorization', mockCredentials.user.header(who)),
      );
      return body ? r.send(body) : r;
    };
    const decide = (id: string, who: string, decision: string) =>
      api('post', `/requests/${id}/decision`, who, { decision });

    expect(
      (
        await api('put', '/apps/figma', SUPER_ADMIN, {
          name: 'Figma',
          description: 'Design',
          category: 'Design',
          tiers: ['editor'],
          owners: [APP_OWNER],
          approval: {
            required: 'everyone',
            exceptGroups: [],
            levels: [{ type: 'manager' }, { type: 'app-owner' }],
          },
          fulfillment: 'manual',
        })
      ).status,
    ).toBe(200);
    const submitted = await api('post', '/requests', EMPLOYEE, {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Design reviews',
    });
    expect(submitted.body).toMatchObject({ status: 'pending_approval' });
    const id: string = submitted.body.id;

    // What the portal asks (usePermission) before showing the buttons: the
    // permission backend applies the policy's conditions to the request.
    const mayOverride = async (who: string, requestId: string) => {
      const res = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(who))
        .send({
          items: [
            {
              id: '1',
              permission: productivHomeRequestDecideOverridePermission,
              resourceRef: requestId,
            },
          ],
        });
      expect(res.status).toBe(200);
      return res.body.items[0].result;
    };
    expect(await mayOverride(SUPER_ADMIN, id)).toBe('ALLOW');
    expect(await mayOverride(EMPLOYEE, id)).toBe('DENY');

    // Neither an employee nor an approver of another level may decide it.
    expect((await decide(id, ref('liam.patel'), 'approved')).status).toBe(403);
    expect((await decide(id, APP_OWNER, 'approved')).status).toBe(403);

    // Olivia does not answer: the super admin approves level 1 for her.
    const approved = await decide(id, SUPER_ADMIN, 'approved');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'pending_approval',
      level: 2,
    });

    // The history says so, as the requester and the admin read it.
    for (const who of [EMPLOYEE, SUPER_ADMIN]) {
      const read = await api('get', `/requests/${id}`, who);
      expect(read.status).toBe(200);
      expect(
        read.body.history.find((h: any) => h.type === 'approved'),
      ).toMatchObject({
        actor: SUPER_ADMIN,
        level: 1,
        onBehalfOf: [MANAGER],
      });
    }

    // Audited as an override, and it succeeded.
    expect(audit.filter(e => e.eventId === 'request-approve')).toEqual([
      {
        eventId: 'request-approve',
        severityLevel: 'high',
        meta: { requestId: id, decision: 'approved', onBehalfOf: [MANAGER] },
        outcome: 'success',
      },
    ]);

    // Olivia is told, through the notification job.
    const toManager = await eventually(() =>
      sent.find(
        n =>
          (n.recipients as any).entityRef?.includes(MANAGER) &&
          n.payload.title.includes(BY_ADMIN),
      ),
    );
    expect(toManager.payload).toMatchObject({
      title: `Figma Editor for Emma Jones was approved by ${BY_ADMIN}`,
      scope: `request:${id}`,
    });
    // Sofia is asked for level 2, Emma hears of level 1.
    await eventually(() =>
      sent.find(n => (n.recipients as any).entityRef?.includes(APP_OWNER)),
    );
    await eventually(() =>
      sent.find(
        n =>
          (n.recipients as any).entityRef?.includes(EMPLOYEE) &&
          n.payload.title.includes('approved at level 1'),
      ),
    );

    // Level 2 too: the request is fulfilled (a manual app).
    const done = await decide(id, SUPER_ADMIN, 'approved');
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('fulfilled');
    expect(
      done.body.history
        .filter((h: any) => h.onBehalfOf)
        .map((h: any) => [h.level, h.onBehalfOf]),
    ).toEqual([
      [1, [MANAGER]],
      [2, [APP_OWNER]],
    ]);
    await eventually(() =>
      sent.find(
        n =>
          (n.recipients as any).entityRef?.includes(APP_OWNER) &&
          n.payload.title.includes(BY_ADMIN),
      ),
    );
    // Nothing is left to decide.
    expect((await decide(id, SUPER_ADMIN, 'denied')).status).toBe(409);

    // The super admin's own request waits on their manager: not on them.
    const own = await api('post', '/requests', SUPER_ADMIN, {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Reviews',
    });
    expect(own.status).toBe(201);
    expect(await mayOverride(SUPER_ADMIN, own.body.id)).toBe('DENY');
    const refused = await decide(own.body.id, SUPER_ADMIN, 'approved');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You cannot decide on your own request',
    );
    expect(
      (await api('get', `/requests/${own.body.id}`, SUPER_ADMIN)).body,
    ).toMatchObject({ status: 'pending_approval', level: 1 });
    expect(
      audit.filter(e => e.eventId === 'request-decision-refused'),
    ).toHaveLength(3);
  });
});
