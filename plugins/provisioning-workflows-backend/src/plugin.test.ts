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

  it('shows a person only their own peer usage unless the policy allows more', async () => {
    const { server } = await startTestBackend({
      features: [
        provisioningWorkflowsPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    const other = await request(server)
      .get('/api/provisioning-workflows/people/peer-usage')
      .query({ entityRef: 'user:default/someone.else' });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      'You may only see the peer usage around yourself',
    );
    // Their own: allowed (not known to the inventory yet in this empty backend).
    const own = await request(server)
      .get('/api/provisioning-workflows/people/peer-usage')
      .query({ entityRef: 'user:default/mock' });
    expect(own.status).toBe(404);
    const assignments = await request(server).get(
      '/api/provisioning-workflows/instances/0oa1/assignments',
    );
    expect(assignments.status).toBe(403);
    const bad = await request(server)
      .get('/api/provisioning-workflows/people/peer-usage')
      .query({ entityRef: 'emma' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/must be a user entity ref/);
  });

  it('answers 503 to sync requests when Okta is not configured', async () => {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    const res = await request(server).post(
      '/api/provisioning-workflows/sync/inventory',
    );
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/Okta is not configured/);
    const unknown = await request(server).post(
      '/api/provisioning-workflows/sync/everything',
    );
    expect(unknown.status).toBe(400);
  });
});
