import { mockServices } from '@backstage/backend-test-utils';
import { createSpecRouter } from '@internal/openapi-router';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createOpenApiRouter, spec } from '../schema/openapi/generated/router';
import { addRoutes, RouterOptions } from './router';

const packageDir = path.resolve(__dirname, '../..');

describe('OpenAPI spec', () => {
  it('documents exactly the routes the plugin serves', async () => {
    const { api } = await createSpecRouter(createOpenApiRouter, { spec });
    const before = api.stack.length;
    addRoutes(api, {
      httpAuth: mockServices.httpAuth(),
    } as Partial<RouterOptions> as RouterOptions);
    // Only what addRoutes added: the generated router serves its own
    // /openapi.json besides.
    const served = api.stack
      .slice(before)
      .flatMap(layer => {
        const route = layer.route as
          | { path: string; methods: Record<string, boolean> }
          | undefined;
        if (!route) throw new Error('routes only, no middleware');
        return Object.keys(route.methods).map(
          m => `${m.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`,
        );
      })
      .sort();
    const yaml = parse(
      readFileSync(path.join(packageDir, 'src/schema/openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(yaml.paths as Record<string, object>)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter(m => m !== 'parameters')
          .map(m => `${m.toUpperCase()} ${p}`),
      )
      .sort();
    expect(served).toEqual(documented);
    expect(served.length).toBeGreaterThan(15);
  });

  it('has its generated router up to date with the spec', () => {
    expect(() =>
      execFileSync(
        process.execPath,
        ['../../scripts/openapi-generate.mjs', '.', '--check'],
        { cwd: packageDir, stdio: 'pipe' },
      ),
    ).not.toThrow();
  });
});
