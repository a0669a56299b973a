import { mockServices } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createRouter } from './router';

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
    const spec = parse(
      readFileSync(path.join(__dirname, '../schema/openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(spec.paths as Record<string, object>)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter(m => m !== 'parameters')
          .map(m => `${m.toUpperCase()} ${p}`),
      )
      .sort();
    expect(served).toEqual(documented);
  });
});
