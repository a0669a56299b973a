import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { productivHomeRequestCreatePermission } from '@internal/plugin-productiv-home-common';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities } from '@internal/sandbox';
import request from 'supertest';
import { productivHomePlugin } from '../plugin';

jest.setTimeout(60_000);

const EMMA = 'user:default/emma.jones';
const INVOKE =
  '/api/productiv-home/.backstage/actions/v1/actions/productiv-home:request-app/invoke';

/**
 * The plugin with the real actions registry of the test backend, the demo
 * people in the catalog and Figma in the Home catalog. `denyRequests` makes
 * the permission policy refuse `productiv-home.request.create` only.
 */
async function startBackend(options: { denyRequests?: boolean } = {}) {
  const auditor = mockServices.auditor.mock();
  const events: Array<{ success: jest.Mock; fail: jest.Mock }> = [];
  auditor.createEvent.mockImplementation(async () => {
    const event = { success: jest.fn(), fail: jest.fn() };
    events.push(event);
    return event;
  });
  const decide = (name: string) =>
    options.denyRequests && name === productivHomeRequestCreatePermission.name
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  const permissions = mockServices.permissions.mock({
    authorize: async reqs =>
      reqs.map(r => ({ result: decide(r.permission.name) })) as any,
    authorizeConditional: async reqs =>
      reqs.map(r => ({ result: decide(r.permission.name) })) as any,
  });
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      auditor.factory,
      permissions.factory,
      // Neither is reached over HTTP in this test.
      createServiceFactory({
        service: provisioningWorkflowsInventoryServiceRef,
        deps: {},
        factory: () => ({
          listApps: async () => [],
          listAssignments: async () => [],
          getPeerUsage: async () => {
            throw new Error('not used');
          },
          listHoldings: async () => [],
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  await request(server)
    .put('/api/productiv-home/apps/figma')
    .set(
      'Authorization',
      mockCredentials.user.header('user:default/alex.morgan'),
    )
    .send({
      name: 'Figma',
      tiers: ['viewer', 'editor'],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      },
    })
    .expect(200);
  auditor.createEvent.mockClear();
  events.length = 0;
  return { server, auditor, events };
}

describe('actions registry: productiv-home:request-app', () => {
  it('is listed with its input and output schema', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/productiv-home/.backstage/actions/v1/actions')
      .set('Authorization', mockCredentials.user.header(EMMA))
      .expect(200);
    const action = res.body.actions.find(
      (a: { id: string }) => a.id === 'productiv-home:request-app',
    );
    expect(action).toMatchObject({
      name: 'request-app',
      attributes: { readOnly: false, destructive: false, idempotent: false },
    });
    expect(action.schema.input.required.sort()).toEqual(['appKey', 'tier']);
    expect(Object.keys(action.schema.input.properties).sort()).toEqual([
      'appKey',
      'justification',
      'tier',
    ]);
    expect(action.schema.output.required.sort()).toEqual([
      'message',
      'requestId',
      'status',
    ]);
  });

  it('requests the app for the calling user and audits it', async () => {
    const { server, auditor, events } = await startBackend();
    const res = await request(server)
      .post(INVOKE)
      .set('Authorization', mockCredentials.user.header(EMMA))
      .send({ appKey: 'figma', tier: 'editor', justification: 'Reviews' })
      .expect(200);
    expect(res.body.output).toEqual({
      requestId: expect.any(String),
      status: 'pending_approval',
      message: 'Requested figma (editor); waiting for approval at level 1',
    });

    // Visible to Emma through the HTTP API, as hers, waiting for her manager.
    const created = await request(server)
      .get(`/api/productiv-home/requests/${res.body.output.requestId}`)
      .set('Authorization', mockCredentials.user.header(EMMA))
      .expect(200);
    expect(created.body).toMatchObject({
      requester: EMMA,
      appKey: 'figma',
      tier: 'editor',
      justification: 'Reviews',
      status: 'pending_approval',
    });
    expect(created.body.approvals.map((a: any) => a.approver)).toEqual([
      'user:default/olivia.chen',
    ]);

    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'request-create',
      severityLevel: 'medium',
      meta: {
        appKey: 'figma',
        tier: 'editor',
        requester: EMMA,
        via: 'actions-registry',
      },
    });
    expect(events[0].success).toHaveBeenCalledWith({
      meta: { requestId: res.body.output.requestId },
    });
  });

  it('refuses a second open request with the reason, and audits the failure', async () => {
    const { server, events } = await startBackend();
    const invoke = () =>
      request(server)
        .post(INVOKE)
        .set('Authorization', mockCredentials.user.header(EMMA))
        .send({ appKey: 'figma', tier: 'viewer' });
    const first = await invoke().expect(200);
    const second = await invoke().expect(409);
    expect(second.body.error.message).toBe(
      `You already have an open request for Figma Viewer: request ${first.body.output.requestId} is pending approval`,
    );
    expect(events[1].fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'ConflictError' }),
    });
    const mine = await request(server)
      .get('/api/productiv-home/requests')
      .set('Authorization', mockCredentials.user.header(EMMA))
      .expect(200);
    expect(mine.body.items).toHaveLength(1);
  });

  it('answers unknown apps and tiers with the API messages', async () => {
    const { server } = await startBackend();
    const invoke = (input: object) =>
      request(server)
        .post(INVOKE)
        .set('Authorization', mockCredentials.user.header(EMMA))
        .send(input);
    const unknownApp = await invoke({ appKey: 'miro', tier: 'editor' });
    expect(unknownApp.status).toBe(404);
    expect(unknownApp.body.error.message).toBe(
      'miro is not offered in Productiv Home',
    );
    const unknownTier = await invoke({ appKey: 'figma', tier: 'admin' });
    expect(unknownTier.status).toBe(400);
    expect(unknownTier.body.error.message).toBe(
      "Figma has no tier 'admin'; choose one of viewer, editor",
    );
    // Checked by the registry against the input schema.
    expect((await invoke({ tier: 'editor' })).status).toBe(400);
  });

  it('acts for users only: a service principal is refused', async () => {
    const { server, auditor } = await startBackend();
    const res = await request(server)
      .post(INVOKE)
      .set('Authorization', mockCredentials.service.header())
      .send({ appKey: 'figma', tier: 'editor' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Apps are requested for a person: call this action as a signed-in user',
    });
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });

  it('follows the permission policy for productiv-home.request.create', async () => {
    const { server, auditor } = await startBackend({ denyRequests: true });
    const res = await request(server)
      .post(INVOKE)
      .set('Authorization', mockCredentials.user.header(EMMA))
      .send({ appKey: 'figma', tier: 'editor' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('You may not request apps');
    expect(auditor.createEvent).not.toHaveBeenCalled();
    const mine = await request(server)
      .get('/api/productiv-home/requests')
      .set('Authorization', mockCredentials.user.header(EMMA))
      .expect(200);
    expect(mine.body.items).toEqual([]);
  });
});
