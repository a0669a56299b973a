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
    });
    const served = (router as any).stack
      .filter((layer: any) => layer.route)
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
        Object.keys(ops).map(m => `${m.toUpperCase()} ${p}`),
      )
      .sort();
    expect(served).toEqual(documented);
  });
});
