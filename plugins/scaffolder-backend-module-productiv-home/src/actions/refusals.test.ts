import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The three entry points are compared on the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { productivHomeServiceMocks } from '@internal/plugin-productiv-home-node/testUtils';
import { demoUserEntities } from '@internal/sandbox';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import scaffolderModuleProductivHome from '..';

jest.setTimeout(60_000);

const EMMA = 'user:default/emma.jones';
const INPUT = { appKey: 'figma', tier: 'editor', justification: 'Reviews' };

/**
 * The scaffolder, this module and Productiv Home, with a policy that
 * refuses `productiv-home.request.create` and allows everything else.
 */
async function startBackend() {
  // AuthorizeResult's values, without depending on permission-common here.
  const decide = (name: string) =>
    name === 'productiv-home.request.create' ? 'DENY' : 'ALLOW';
  const permissions = mockServices.permissions.mock({
    authorize: async reqs =>
      reqs.map(r => ({ result: decide(r.permission.name) })) as any,
    authorizeConditional: async reqs =>
      reqs.map(r => ({ result: decide(r.permission.name) })) as any,
  });
  const template = parse(
    readFileSync(
      resolve(__dirname, '../../../../examples/templates/request-app.yaml'),
      'utf8',
    ),
  );
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleProductivHome,
      productivHomePlugin,
      permissions.factory,
      catalogServiceMock.factory({
        entities: [...demoUserEntities(), template],
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ...productivHomeServiceMocks(),
    ],
  });
  await request(server)
    .put('/api/productiv-home/apps/figma')
    .set(
      'Authorization',
      mockCredentials.user.header('user:default/alex.morgan'),
    )
    .send({ name: 'Figma', tiers: ['viewer', 'editor'] })
    .expect(200);
  return server;
}

describe('an unauthorized request for an app', () => {
  it('is refused the same way over HTTP, by the actions registry and by the scaffolder action', async () => {
    const server = await startBackend();
    const as = (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header(EMMA));

    const http = await as(
      request(server).post('/api/productiv-home/requests'),
    ).send(INPUT);
    expect(http.status).toBe(403);
    expect(http.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'You may not request apps',
    });

    const action = await as(
      request(server).post(
        '/api/productiv-home/.backstage/actions/v1/actions/productiv-home:request-app/invoke',
      ),
    ).send(INPUT);
    expect(action.status).toBe(403);
    expect(action.body.error).toMatchObject({
      name: http.body.error.name,
      message: http.body.error.message,
    });

    const created = await as(request(server).post('/api/scaffolder/v2/tasks'))
      .send({ templateRef: 'template:default/request-app', values: INPUT })
      .expect(201);
    let task: { status: string; error?: string } | undefined;
    for (let i = 0; i < 200 && !task; i++) {
      const { status } = (
        await as(
          request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}`),
        ).expect(200)
      ).body;
      if (status === 'failed' || status === 'completed') {
        const events = (
          await as(
            request(server).get(
              `/api/scaffolder/v2/tasks/${created.body.id}/events`,
            ),
          ).expect(200)
        ).body;
        const completion = events.find(
          (e: { type: string }) => e.type === 'completion',
        );
        task = { status, error: completion.body.error?.message };
      } else {
        await new Promise(r => setTimeout(r, 100));
      }
    }
    // The step fails with Productiv Home's own refusal as its cause.
    expect(task).toEqual({
      status: 'failed',
      error: `Productiv Home refused the request for figma (editor); caused by ${http.body.error.name}: ${http.body.error.message}`,
    });

    // Nothing was requested.
    const mine = await as(
      request(server).get('/api/productiv-home/requests'),
    ).expect(200);
    expect(mine.body.items).toEqual([]);
  });
});
