import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { productivHomePlugin } from './plugin';

function user(name: string, opts: { manager?: string; groups?: string[] }) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'productiv.io/job-title': `${name} title`,
        'productiv.io/department': 'Engineering',
        ...(opts.manager ? { 'productiv.io/manager': opts.manager } : {}),
      },
    },
    spec: {
      profile: { displayName: name.toUpperCase(), email: `${name}@acme.test` },
      memberOf: opts.groups ?? [],
    },
    relations: (opts.groups ?? []).map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
  return entity;
}

const entities = [
  user('boss', { groups: ['platform'] }),
  user('emma', { manager: 'user:default/boss', groups: ['platform'] }),
  user('liam', { manager: 'user:default/boss', groups: ['platform'] }),
  user('alex', { groups: ['it', 'productiv-admins'] }),
];

async function startBackend(
  options: { notifications?: NotificationSendOptions[] } = {},
) {
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          productivHome: { adminGroups: ['group:default/productiv-admins'] },
        },
      }),
      ...(options.notifications
        ? [
            createServiceFactory({
              service: notificationService,
              deps: {},
              factory: () => ({
                send: async n => void options.notifications!.push(n),
              }),
            }),
          ]
        : []),
    ],
  });
  return server;
}

describe('productiv-home backend', () => {
  it('answers /health without credentials', async () => {
    const server = await startBackend();
    await request(server)
      .get('/api/productiv-home/health')
      .set('Authorization', mockCredentials.none.header())
      .expect(200, { status: 'ok' });
  });

  it('refuses /me without credentials', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/productiv-home/me')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('describes an employee with their manager and team', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/productiv-home/me')
      .set('Authorization', mockCredentials.user.header('user:default/emma'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      userEntityRef: 'user:default/emma',
      displayName: 'EMMA',
      email: 'emma@acme.test',
      jobTitle: 'emma title',
      department: 'Engineering',
      managerRef: 'user:default/boss',
      teams: ['group:default/platform'],
      directReports: [],
      roles: ['employee'],
    });
  });

  it('makes a manager an approver of their direct reports', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/productiv-home/me')
      .set('Authorization', mockCredentials.user.header('user:default/boss'));
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['employee', 'approver']);
    expect(res.body.directReports.sort()).toEqual([
      'user:default/emma',
      'user:default/liam',
    ]);
  });

  it('makes members of the admin groups admins', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/productiv-home/me')
      .set('Authorization', mockCredentials.user.header('user:default/alex'));
    expect(res.body.roles).toEqual(['employee', 'admin']);
  });

  it('answers 404 with a clear message for a user missing from the catalog', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/productiv-home/me')
      .set('Authorization', mockCredentials.user.header('user:default/ghost'));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'user:default/ghost is not in the software catalog',
    );
  });

  it('sends a request notification from the job table after answering', async () => {
    const notifications: NotificationSendOptions[] = [];
    const server = await startBackend({ notifications });
    await request(server)
      .put('/api/productiv-home/apps/figma')
      .set('Authorization', mockCredentials.user.header('user:default/alex'))
      .send({
        name: 'Figma',
        tiers: ['editor'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
      })
      .expect(200);
    const res = await request(server)
      .post('/api/productiv-home/requests')
      .set('Authorization', mockCredentials.user.header('user:default/emma'))
      .send({ appKey: 'figma', tier: 'editor', justification: 'Reviews' })
      .expect(201);
    // The change kicked the plugin's job worker.
    for (let i = 0; i < 200 && !notifications.length; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    expect(notifications).toEqual([
      {
        recipients: { type: 'entity', entityRef: ['user:default/boss'] },
        payload: expect.objectContaining({
          title: 'Approve Figma Editor for EMMA?',
          scope: `request:${res.body.id}`,
        }),
      },
    ]);
  });
});
