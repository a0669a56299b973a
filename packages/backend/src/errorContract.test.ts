import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import { demoUserEntities } from '@internal/sandbox';
import request from 'supertest';

/**
 * The error answers of both plugins, as a production backend gives them:
 * `{error: {name, message}, request, response}` and no stack trace (Backstage
 * adds stacks only when NODE_ENV is development, as under the start command).
 */

jest.setTimeout(60_000);

async function errorsWith(nodeEnv: string) {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv;
  try {
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        provisioningWorkflowsPlugin,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
      ],
    });
    const as = mockCredentials.user.header('user:default/emma.jones');
    const answers = [
      await request(server)
        .get(
          '/api/productiv-home/requests/6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60',
        )
        .set('Authorization', as),
      await request(server)
        .post('/api/productiv-home/requests')
        .set('Authorization', as)
        .send({ appKey: 'figma' }),
      await request(server)
        .get('/api/provisioning-workflows/runs?limit=0')
        .set('Authorization', as),
      await request(server)
        .get('/api/provisioning-workflows/runs')
        .set('Authorization', mockCredentials.none.header()),
    ];
    return answers;
  } finally {
    process.env.NODE_ENV = saved;
  }
}

describe('error answers', () => {
  it('are one contract, without stack traces in production', async () => {
    const answers = await errorsWith('production');
    expect(answers.map(a => a.status)).toEqual([404, 400, 400, 401]);
    for (const answer of answers) {
      expect(answer.body).toEqual({
        error: { name: expect.any(String), message: expect.any(String) },
        request: { method: expect.any(String), url: expect.any(String) },
        response: { statusCode: answer.status },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/\/work\/|\.ts:\d+|at /);
    }
  });

  it('carry stack traces only in development', async () => {
    const answers = await errorsWith('development');
    expect(answers[0].body.error.stack).toEqual(expect.any(String));
  });
});
