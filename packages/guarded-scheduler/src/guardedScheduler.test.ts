import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { createGuardedSchedulerServiceRef } from './guardedScheduler';

const read = createPermission({
  name: 'demo.scheduler.read',
  attributes: { action: 'read' },
});
const trigger = createPermission({
  name: 'demo.scheduler.trigger',
  attributes: { action: 'update' },
});
const schedulerRef = createGuardedSchedulerServiceRef({
  id: 'demo.scheduler',
  routePermissions: { read, trigger },
});

const ADMIN = 'user:default/admin';
const runs: string[] = [];
const demoPlugin = createBackendPlugin({
  pluginId: 'demo',
  register(env) {
    env.registerInit({
      deps: { scheduler: schedulerRef, httpRouter: coreServices.httpRouter },
      async init({ scheduler }) {
        await scheduler.scheduleTask({
          id: 'demo:sync',
          frequency: { hours: 1 },
          timeout: { minutes: 1 },
          initialDelay: { hours: 1 },
          scope: 'local',
          fn: async () => {
            runs.push('sync');
          },
        });
      },
    });
  },
});

async function backend() {
  const { server } = await startTestBackend({
    features: [
      demoPlugin,
      mockServices.permissions.factory({
        result: AuthorizeResult.DENY,
      }),
    ],
  });
  return server;
}

// The mock permissions service answers one result for everyone; a policy
// that tells users apart is the demo backend's (see its authorization walk).
async function backendAllowing() {
  const { server } = await startTestBackend({
    features: [
      demoPlugin,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  return server;
}

const TASKS = '/api/demo/.backstage/scheduler/v1/tasks';

describe('createGuardedSchedulerServiceRef', () => {
  it('refuses users without the read or trigger permission', async () => {
    const server = await backend();
    const user = mockCredentials.user.header('user:default/employee');
    const list = await request(server).get(TASKS).set('Authorization', user);
    expect(list.status).toBe(403);
    expect(list.body.error.message).toMatch(/demo\.scheduler\.read/);
    const started = await request(server)
      .post(`${TASKS}/demo:sync/trigger`)
      .set('Authorization', user);
    expect(started.status).toBe(403);
    expect(started.body.error.message).toMatch(/demo\.scheduler\.trigger/);
    const cancel = await request(server)
      .post(`${TASKS}/demo:sync/cancel`)
      .set('Authorization', user);
    expect(cancel.status).toBe(403);
    expect(runs).toEqual([]);
  });

  it('refuses callers without credentials', async () => {
    const server = await backend();
    const res = await request(server)
      .get(TASKS)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('serves services whatever the policy says', async () => {
    const server = await backend();
    const res = await request(server)
      .get(TASKS)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([
      'demo:sync',
    ]);
  });

  it('serves users the policy allows, and the trigger runs the task', async () => {
    const server = await backendAllowing();
    const admin = mockCredentials.user.header(ADMIN);
    const list = await request(server).get(TASKS).set('Authorization', admin);
    expect(list.status).toBe(200);
    const started = await request(server)
      .post(`${TASKS}/demo:sync/trigger`)
      .set('Authorization', admin);
    expect(started.status).toBe(200);
    for (let i = 0; i < 50 && !runs.length; i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(runs).toEqual(['sync']);
  });
});
