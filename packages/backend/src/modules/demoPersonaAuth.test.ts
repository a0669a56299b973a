import authPlugin from '@backstage/plugin-auth-backend';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  authModuleDemoPersonaProvider,
  DEMO_PERSONA_HEADER,
} from './demoPersonaAuth';

async function startAuth(auth: object = {}) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoPersonaProvider,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'emma.jones', namespace: 'default' },
            spec: { memberOf: ['platform-engineering'] },
            relations: [
              {
                type: 'memberOf',
                targetRef: 'group:default/platform-engineering',
              },
            ],
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: { demoPersona: { development: {} } }, ...auth },
        },
      }),
    ],
  });
  return server;
}

function decode(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('demo persona sign-in', () => {
  it('issues a token for a catalog user named in the header', async () => {
    const server = await startAuth();
    const res = await request(server)
      .get('/api/auth/demoPersona/refresh')
      .set(DEMO_PERSONA_HEADER, 'user:default/emma.jones');
    expect(res.status).toBe(200);
    const claims = decode(res.body.backstageIdentity.token);
    expect(claims.sub).toBe('user:default/emma.jones');
    expect(res.body.backstageIdentity.identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining([
        'user:default/emma.jones',
        'group:default/platform-engineering',
      ]),
    );
  });

  it('refuses a request without a persona', async () => {
    const server = await startAuth();
    const res = await request(server).get('/api/auth/demoPersona/refresh');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/Pick a demo persona/);
  });

  it('refuses a persona that is not in the catalog', async () => {
    const server = await startAuth();
    const res = await request(server)
      .get('/api/auth/demoPersona/refresh')
      .set(DEMO_PERSONA_HEADER, 'user:default/nobody');
    expect(res.status).toBe(404);
  });

  it('is off in production, even with the demo config layered under it', async () => {
    const server = await startAuth({
      environment: 'production',
      providers: { demoPersona: { development: {} } },
    });
    const res = await request(server)
      .get('/api/auth/demoPersona/refresh')
      .set(DEMO_PERSONA_HEADER, 'user:default/emma.jones');
    expect(res.status).toBe(404);
    expect(res.body.backstageIdentity).toBeUndefined();
  });
});
