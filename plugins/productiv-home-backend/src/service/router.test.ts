import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { demoUserEntities } from '@internal/sandbox';
import request from 'supertest';
import { productivHomePlugin } from '../plugin';

const EMMA = mockCredentials.user.header('user:default/emma.jones');

describe('routers: bad input', () => {
  it('answers 400 naming the field and what is wrong with it', async () => {
    const { server } = await startTestBackend({
      features: [
        productivHomePlugin,
        catalogServiceMock.factory({ entities: demoUserEntities() }),
      ],
    });
    const api = (method: 'post' | 'put' | 'get', path: string) =>
      request(server)
        [method](`/api/productiv-home${path}`)
        .set('Authorization', EMMA);

    const noTier = await api('post', '/requests').send({ appKey: 'figma' });
    expect(noTier.status).toBe(400);
    expect(noTier.body.error).toMatchObject({
      name: 'InputError',
      message: 'Invalid request: tier: Required',
    });

    const noTiers = await api('put', '/apps/figma').send({
      name: 'Figma',
      tiers: [],
    });
    expect(noTiers.status).toBe(400);
    expect(noTiers.body.error.message).toBe(
      'Invalid app: tiers: at least one requestable tier is required',
    );

    const badLimit = await api('get', '/requests?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(/^Invalid query: limit: /);
  });
});
