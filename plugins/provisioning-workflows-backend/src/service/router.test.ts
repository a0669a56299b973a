import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AUDIT_EVENT_TYPES,
  RUN_KINDS,
  WORKFLOW_ACTION_STATUSES,
} from '@internal/plugin-provisioning-workflows-common';
import { execFileSync } from 'node:child_process';
import express from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { createRouter } from './router';

const packageDir = path.resolve(__dirname, '../..');
const spec = parse(
  readFileSync(path.join(packageDir, 'src/schema/openapi.yaml'), 'utf8'),
);

describe('router and OpenAPI spec', () => {
  it('documents exactly the routes the router serves', async () => {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      runs: {} as any,
      inventory: {} as any,
      workflows: {} as any,
      workflowRuns: {} as any,
      teams: {} as any,
      dashboard: {} as any,
    });
    // Routes of the router and of the routers it mounts.
    const layers = (stack: any[]): any[] =>
      stack.flatMap((layer: any) => {
        if (layer.route) return [layer];
        return layer.handle?.stack ? layers(layer.handle.stack) : [];
      });
    const served = layers((router as any).stack)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          m =>
            `${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      // The spec itself, served by @backstage/backend-openapi-utils.
      .filter(route => route !== 'GET /openapi.json')
      .sort();
    const documented = Object.entries(spec.paths as Record<string, object>)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter(m => m !== 'parameters')
          .map(m => `${m.toUpperCase()} ${p}`),
      )
      .sort();
    expect(served).toEqual(documented);
  });

  it('has the generated router of the current spec', () => {
    expect(() =>
      execFileSync(
        process.execPath,
        ['../../scripts/openapi-generate.mjs', '.', '--check'],
        { cwd: packageDir, stdio: 'pipe' },
      ),
    ).not.toThrow();
  });

  it('lists the same action statuses, run kinds and event types as -common', () => {
    const { schemas } = spec.components;
    expect(schemas.WorkflowActionStatus.enum).toEqual([
      ...WORKFLOW_ACTION_STATUSES,
    ]);
    expect(schemas.RunKind.enum).toEqual([...RUN_KINDS]);
    expect(schemas.AuditEventType.enum).toEqual([...AUDIT_EVENT_TYPES]);
  });
});

describe('router', () => {
  /** The router over services that record what they were given. */
  async function app() {
    const calls: Record<string, unknown[]> = {};
    const record = (name: string, answer: unknown = {}) =>
      jest.fn(async (...args: unknown[]) => {
        const last = args[args.length - 1] as { credentials?: unknown };
        calls[name] = last?.credentials ? args.slice(0, -1) : args;
        return answer;
      });
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      runs: { list: record('runs', []) } as any,
      inventory: {
        requireInventoryRead: jest.fn(),
        setTiers: record('setTiers'),
      } as any,
      workflows: {
        saveWorkflow: record('saveWorkflow'),
        preview: record('preview'),
        addExemptions: record('addExemptions'),
        listExemptions: record('listExemptions', []),
        listEvents: record('listEvents'),
      } as any,
      workflowRuns: {
        startRun: record('startRun'),
        listActions: record('listActions'),
      } as any,
      teams: {} as any,
      dashboard: {} as any,
    });
    const server = express();
    server.use(router);
    server.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.rootLogger(),
      }).error(),
    );
    return { server, calls };
  }

  it('gives the services the definition with the spec defaults, trimmed and without unknown fields', async () => {
    const { server, calls } = await app();
    const definition = {
      rules: [
        {
          name: ' Idle ',
          condition: { type: 'noSignIn', days: 90, extra: 1 },
          tiers: [' pro '],
          outcome: { action: 'downgrade', toTier: ' basic ' },
        },
      ],
      schedule: ' 0 6 * * 1 ',
      status: 'active',
    };
    await request(server).put('/workflows/0oa1').send(definition).expect(200);
    const expected = {
      rules: [
        {
          name: 'Idle',
          condition: { type: 'noSignIn', days: 90 },
          tiers: ['pro'],
          outcome: { action: 'downgrade', toTier: 'basic' },
        },
      ],
      newHireDays: 30,
      notifications: {
        enabled: false,
        daysBefore: 7,
        allowOptOut: true,
        // Saved explicitly, so that a run keeps what was chosen.
        channel: 'default',
        remindBeforeHours: 24,
      },
      schedule: '0 6 * * 1',
      mode: 'automatic',
    };
    expect(calls.saveWorkflow).toEqual(['0oa1', expected]);

    await request(server)
      .post('/workflows/0oa1/preview?limit=5')
      .send({ definition: { ...definition, notifications: { enabled: true } } })
      .expect(200);
    expect(calls.preview).toEqual([
      '0oa1',
      {
        ...expected,
        notifications: { ...expected.notifications, enabled: true },
      },
    ]);
    // Without a body: the saved workflow, not a dry run.
    await request(server).post('/workflows/0oa1/preview').expect(200);
    expect(calls.preview).toEqual(['0oa1', undefined]);

    await request(server).post('/workflows/0oa1/runs').expect(202);
    expect(calls.startRun).toEqual(['0oa1', { dryRun: false }]);
  });

  it('gives the services queries as numbers, lists and times', async () => {
    const { server, calls } = await app();
    await request(server).get('/runs?limit=5').expect(200);
    expect(calls.runs).toEqual([{ kind: undefined, limit: 5 }]);

    const runId = '4b1e3c1e-8a8c-4a55-9f0e-5d2c1b7a9e10';
    await request(server)
      .get(
        `/workflow-actions?runId=${runId}&status=suggested%2Cqueued&limit=10`,
      )
      .expect(200);
    expect(calls.listActions).toEqual([
      {
        runId,
        instanceId: undefined,
        statuses: ['suggested', 'queued'],
        limit: 10,
        offset: 0,
      },
    ]);

    await request(server)
      .get(
        '/audit-events?type=run.started,run.finished&from=2026-01-01T00:00:00Z&actor=user:default/alex&cursor=12',
      )
      .expect(200);
    expect(calls.listEvents).toEqual([
      {
        actor: 'user:default/alex',
        cursor: '12',
        fromMs: Date.parse('2026-01-01T00:00:00Z'),
        toMs: undefined,
        types: ['run.started', 'run.finished'],
        limit: 100,
      },
    ]);
    const backwards = await request(server).get(
      '/audit-events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toBe('from must be before to');

    await request(server).get('/exemptions').expect(200);
    expect(calls.listExemptions).toEqual(['global']);
  });

  it('gives the services trimmed tiers and checked exemption entries', async () => {
    const { server, calls } = await app();
    await request(server)
      .put('/instances/0oa1/tiers')
      .send({
        tiers: [
          {
            tier: ' viewer ',
            displayName: ' Viewer ',
            description: ' Sees dashboards ',
            groupId: '00g0',
            monthlyPrice: 0,
            seats: 0,
          },
          { tier: ' editor ', groupId: '00g1', monthlyPrice: 12 },
          { tier: 'legacy', description: '   ', unknown: true },
        ],
      })
      .expect(200);
    // In order, lowest first; blank descriptions and unknown fields dropped.
    expect(calls.setTiers).toEqual([
      '0oa1',
      [
        {
          tier: 'viewer',
          displayName: 'Viewer',
          description: 'Sees dashboards',
          groupId: '00g0',
          monthlyPrice: 0,
          seats: 0,
        },
        { tier: 'editor', groupId: '00g1', monthlyPrice: 12 },
        { tier: 'legacy' },
      ],
    ]);
    await request(server)
      .post('/exemptions')
      .send({ scope: 'global', entries: [{ value: 'a@b.co', note: 'CEO' }] })
      .expect(201);
    expect(calls.addExemptions).toEqual([
      'global',
      [{ kind: 'user', value: 'a@b.co', note: 'CEO' }],
    ]);
    const both = await request(server)
      .post('/exemptions')
      .send({ scope: 'global', entries: [{ value: 'a@b.co' }], csv: 'a@b.co' });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe(
      'Invalid request: body: give either entries or csv',
    );
  });
});
