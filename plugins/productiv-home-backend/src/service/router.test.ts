import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { demoUserEntities } from '@internal/sandbox';
import request from 'supertest';
import { productivHomePlugin } from '../plugin';

jest.setTimeout(60_000);

const EMMA = mockCredentials.user.header('user:default/emma.jones');

// The plugin with the test backend's default permissions (everything
// allowed), so that what a route answers depends on its input alone.
async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      catalogServiceMock.factory({ entities: demoUserEntities() }),
    ],
  });
  return (method: 'post' | 'put' | 'get', path: string) =>
    request(server)
      [method](`/api/productiv-home${path}`)
      .set('Authorization', EMMA);
}

const figma = {
  name: 'Figma',
  tiers: ['viewer', 'editor'],
  approval: { required: 'everyone', levels: [{ type: 'manager' }] },
};

describe('routers: input checked against the spec', () => {
  it('answers 400 naming each bad field and what is wrong with it', async () => {
    const api = await startBackend();

    const noTier = await api('post', '/requests').send({ appKey: 'figma' });
    expect(noTier.status).toBe(400);
    expect(noTier.body.error).toMatchObject({
      name: 'InputError',
      message: 'Invalid request: tier: is required',
    });

    const noTiers = await api('put', '/apps/figma').send({
      name: 'Figma',
      tiers: [],
    });
    expect(noTiers.status).toBe(400);
    expect(noTiers.body.error.message).toBe(
      'Invalid request: tiers: at least one requestable tier is required',
    );

    // Nested fields, in the approver branch that `type` names.
    const badLevels = await api('put', '/apps/figma').send({
      ...figma,
      name: '   ',
      approval: {
        required: 'everyone',
        levels: [
          { type: 'users', users: [] },
          { type: 'group', group: 'platform' },
          { type: 'manager' },
        ],
      },
    });
    expect(badLevels.status).toBe(400);
    expect(badLevels.body.error.message.split('; ').sort()).toEqual(
      [
        'Invalid request: name: must not be blank, and at most 120 characters',
        'approval.levels.0.users: must NOT have fewer than 1 items',
        'approval.levels.1.group: must be an entity ref such as user:default/emma.jones',
        'approval.levels: at most two approval levels',
      ].sort(),
    );

    const unknownApprover = await api('put', '/settings').send({
      approvalMethod: 'email',
      defaultApprovers: [{ type: 'nobody' }],
      reminderHours: [24, 0],
      justificationRequired: true,
    });
    expect(unknownApprover.status).toBe(400);
    expect(unknownApprover.body.error.message).toBe(
      'Invalid request: defaultApprovers.0: value of tag "type" must be in oneOf; reminderHours.1: must be >= 5e-324',
    );

    const blankReason = await api('post', '/requests/intake').send({
      name: 'Miro',
      reason: ' \n ',
    });
    expect(blankReason.status).toBe(400);
    expect(blankReason.body.error.message).toBe(
      'Invalid request: reason: tell the approvers why you need it (at most 4000 characters)',
    );

    const badLimit = await api('get', '/requests?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toBe(
      'Invalid request: limit: must be >= 1',
    );
    const badCursor = await api('get', '/requests?cursor=page-2');
    expect(badCursor.body.error.message).toBe(
      'Invalid request: cursor: must be the nextCursor of an earlier page',
    );
    const badStatus = await api('get', '/requests?status=lost');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toMatch(/^Invalid request: status/);
    expect((await api('get', '/apps?manageable=yes')).status).toBe(400);
    const unknownParam = await api('get', '/requests?owner=me');
    expect(unknownParam.status).toBe(400);
    expect(unknownParam.body.error.message).toContain('owner');
  });

  it('serves the spec it validates against', async () => {
    const api = await startBackend();
    const res = await api('get', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain(
      '/api/productiv-home/requests/{id}/decision',
    );
  });

  it('answers 413 to a body over 100kb', async () => {
    const api = await startBackend();
    const res = await api('put', '/apps/figma')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...figma, description: 'x'.repeat(120_000) }));
    expect(res.status).toBe(413);
  });

  it('stores what the spec lists, trimmed, with its defaults', async () => {
    const api = await startBackend();
    const put = await api('put', '/apps/figma').send({
      name: '  Figma ',
      tiers: [' viewer', 'editor '],
      unknown: 'dropped',
    });
    expect(put.status).toBe(200);
    const stored = {
      appKey: 'figma',
      name: 'Figma',
      description: '',
      category: 'Other',
      tiers: ['viewer', 'editor'],
      owners: [],
      approval: { required: 'everyone', exceptGroups: [], levels: [] },
      fulfillment: 'manual',
    };
    expect(put.body).toEqual(stored);
    expect((await api('get', '/apps?manageable=true')).body.items).toEqual([
      stored,
    ]);

    const intake = await api('post', '/requests/intake').send({
      name: ' Miro ',
      url: 'https://miro.com',
      reason: ' Workshops ',
    });
    expect(intake.status).toBe(201);
    const created = await api('post', '/requests').send({
      appKey: 'figma',
      tier: 'viewer',
    });
    expect(created.status).toBe(201);

    // One status or several; scope and limit default to mine and 100.
    const pending = await api('get', '/requests?status=pending_approval');
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((r: any) => r.appKey).sort()).toEqual(
      [created.body.appKey, intake.body.appKey].sort(),
    );
    const none = await api(
      'get',
      '/requests?scope=all&status=denied&status=failed&limit=5',
    );
    expect(none.body.items).toEqual([]);

    // Routes without a body take the empty one the frontend sends.
    const cancelled = await api('post', `/requests/${created.body.id}/cancel`)
      .set('Content-Type', 'application/json')
      .send({});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});
