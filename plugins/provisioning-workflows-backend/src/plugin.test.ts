import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { provisioningWorkflowsPlugin } from './plugin';

describe('provisioning-workflows backend', () => {
  it('answers /health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    const res = await request(server)
      .get('/api/provisioning-workflows/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('lists runs for a permitted user and validates the query', async () => {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    await request(server)
      .get('/api/provisioning-workflows/runs')
      .expect(200, { items: [] });

    const bad = await request(server).get(
      '/api/provisioning-workflows/runs?limit=0&kind=nope',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit/);
    expect(bad.body.error.message).toMatch(/kind/);
  });

  it('refuses runs to callers the permission policy denies', async () => {
    const { server } = await startTestBackend({
      features: [
        provisioningWorkflowsPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    const res = await request(server).get('/api/provisioning-workflows/runs');
    expect(res.status).toBe(403);
  });

  it('refuses unauthenticated callers', async () => {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    const res = await request(server)
      .get('/api/provisioning-workflows/runs')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
