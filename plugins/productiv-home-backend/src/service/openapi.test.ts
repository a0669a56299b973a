import { mockServices } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createAppsRouter } from './appsRouter';
import { createConnectorsRouter } from './connectorsRouter';
import { createRequestsRouter } from './requestsRouter';
import { createRouter } from './router';

function routes(router: any): string[] {
  return router.stack
    .filter((layer: any) => layer.route)
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(
        m =>
          `${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
      ),
    );
}

describe('OpenAPI spec', () => {
  it('documents exactly the routes the routers serve', async () => {
    const served = [
      ...routes(
        await createRouter({
          httpAuth: mockServices.httpAuth(),
          profiles: {} as any,
        }),
      ),
      ...routes(
        createAppsRouter({
          httpAuth: mockServices.httpAuth(),
          apps: {} as any,
          settings: {} as any,
          homeConfig: {} as any,
        }),
      ),
      ...routes(
        createRequestsRouter({
          httpAuth: mockServices.httpAuth(),
          requests: {} as any,
        }),
      ),
      ...routes(
        createConnectorsRouter({
          httpAuth: mockServices.httpAuth(),
          connectorsAdmin: {} as any,
        }),
      ),
    ].sort();
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
