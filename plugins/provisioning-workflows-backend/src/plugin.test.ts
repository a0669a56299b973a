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
    // As typed in a shell: the ref's ':' and '/' not encoded.
    const typed = await request(server).get(
      '/api/provisioning-workflows/people/peer-usage?entityRef=user:default/mock',
    );
    expect(typed.status).toBe(404);
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

  it('answers 400 naming each bad field, through the spec', async () => {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    const bad = await request(server)
      .put('/api/provisioning-workflows/workflows/0oa1')
      .send({
        rules: [
          {
            condition: { type: 'noSignIn', days: 0 },
            outcome: { action: 'downgrade', toTier: ' ' },
          },
          {
            condition: { type: 'fewSignIns', days: 30 },
            outcome: { action: 'deprovision' },
          },
        ],
        mode: 'sometimes',
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    const message: string = bad.body.error.message;
    expect(message).toMatch(/^Invalid request: /);
    expect(message).toContain('rules.0.condition.days: must be >= 1');
    expect(message).toContain(
      'rules.0.outcome.toTier: must be a tier name (not blank, up to 64 characters)',
    );
    expect(message).toContain('rules.1.condition.signIns: is required');
    expect(message).toContain(
      'mode: must be equal to one of the allowed values',
    );

    const noRules = await request(server)
      .post('/api/provisioning-workflows/workflows/0oa1/preview')
      .send({ definition: { rules: [] } });
    expect(noRules.status).toBe(400);
    expect(noRules.body.error.message).toBe(
      'Invalid request: definition.rules: add at least one rule (and at most 20)',
    );

    const tiers = await request(server)
      .put('/api/provisioning-workflows/instances/0oa1/tiers')
      .send({ tiers: [{ tier: 'Editor', monthlyPrice: -1 }] });
    expect(tiers.status).toBe(400);
    expect(tiers.body.error.message).toBe(
      'Invalid request: tiers.0.tier: use up to 64 lower-case letters, digits and dashes; tiers.0.monthlyPrice: must be >= 0',
    );
    const details = await request(server)
      .put('/api/provisioning-workflows/instances/0oa1/tiers')
      .send({
        tiers: [
          { tier: 'viewer', seats: -1, description: 'x'.repeat(501) },
          { tier: 'editor', seats: 2.5, displayName: 'E'.repeat(65) },
          { tier: 'creator', displayName: '  ' },
        ],
      });
    expect(details.status).toBe(400);
    expect(details.body.error.message).toBe(
      'Invalid request: tiers.0.description: shorten the description to 500 characters or fewer; tiers.0.seats: must be >= 0; tiers.1.displayName: give a name of 1 to 64 characters, or leave it out; tiers.1.seats: must be integer; tiers.2.displayName: give a name of 1 to 64 characters, or leave it out',
    );

    const query = await request(server).get(
      '/api/provisioning-workflows/audit-events?from=yesterday&cursor=abc&type=run.started,run.lost',
    );
    expect(query.status).toBe(400);
    expect(query.body.error.message).toContain(
      'from: must be an ISO 8601 time',
    );
    expect(query.body.error.message).toContain(
      'cursor: use the nextCursor of the previous page',
    );
    expect(query.body.error.message).toContain(
      'type.1: must be equal to one of the allowed values',
    );
  });

  it('answers 413 to a body over the limit; exempt lists may be larger', async () => {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    const large = await request(server)
      .put('/api/provisioning-workflows/workflows/0oa1')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ rules: [], template: 'x'.repeat(200_000) }));
    expect(large.status).toBe(413);
    // A CSV over 2,000,000 characters is parsed (4mb limit), then refused by the spec.
    const csv = await request(server)
      .post('/api/provisioning-workflows/exemptions')
      .send({ scope: 'global', csv: 'a'.repeat(2_000_001) });
    expect(csv.status).toBe(400);
    expect(csv.body.error.message).toBe(
      'Invalid request: csv: must NOT have more than 2000000 characters',
    );
    const huge = await request(server)
      .post('/api/provisioning-workflows/exemptions')
      .send({ scope: 'global', csv: 'a'.repeat(5_000_000) });
    expect(huge.status).toBe(413);
    const neither = await request(server)
      .post('/api/provisioning-workflows/exemptions')
      .send({ scope: 'global' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toBe(
      'Invalid request: body: give either entries or csv',
    );
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
