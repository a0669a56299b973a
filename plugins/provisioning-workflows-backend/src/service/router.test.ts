import { mockServices } from '@backstage/backend-test-utils';
import {
  AUDIT_EVENT_TYPES,
  RUN_KINDS,
  WORKFLOW_ACTION_STATUSES,
} from '@internal/plugin-provisioning-workflows-common';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
