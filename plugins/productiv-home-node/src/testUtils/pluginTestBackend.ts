import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { provisioningWorkflowsInventoryServiceMock } from '@internal/plugin-provisioning-workflows-node/testUtils';
import { AddressInfo } from 'node:net';
import { TestBackendFeature } from './moduleTestBackend';

/**
 * What the Productiv Home plugin needs from other plugins, as stand-ins for
 * tests that are not about them: an inventory without apps (from
 * provisioning workflows) and notifications that go nowhere.
 *
 * @public
 */
export function productivHomeServiceMocks(): BackendFeature[] {
  return [
    provisioningWorkflowsInventoryServiceMock.factory(),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send: async () => {} }),
    }),
  ];
}

/**
 * Calls the Productiv Home API as `who` (an entity ref) and returns the
 * parsed answer; throws on a status other than 2xx, with the body.
 *
 * @public
 */
export type ProductivHomeTestApi = (
  who: string,
  method: string,
  path: string,
  body?: object,
) => Promise<any>;

/**
 * A {@link ProductivHomeTestApi} for a backend at `baseUrl`, with
 * `mockCredentials` user tokens.
 *
 * @public
 */
export function productivHomeTestApi(baseUrl: string): ProductivHomeTestApi {
  return async (who, method, path, body) => {
    const res = await fetch(`${baseUrl}/api/productiv-home${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(who),
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * Starts a test backend with the Productiv Home plugin and modules given in
 * `features` (with a catalog mock and any services to replace), the root
 * config, and {@link productivHomeServiceMocks}. It listens on a free port.
 *
 * @public
 */
export async function startProductivHomeTestBackend(options: {
  /** The plugin, the modules under test, a catalog mock, services. */
  features: TestBackendFeature[];
  /** The root config, e.g. `{ connectors: { slack: {...} } }`. Default none. */
  config?: mockServices.rootConfig.Options['data'];
}): Promise<{
  backend: TestBackend;
  /** e.g. `http://localhost:41234`. */
  baseUrl: string;
  api: ProductivHomeTestApi;
}> {
  const backend = await startTestBackend({
    features: [
      ...options.features,
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      ...productivHomeServiceMocks(),
    ],
  });
  const baseUrl = `http://localhost:${
    (backend.server.address() as AddressInfo).port
  }`;
  return { backend, baseUrl, api: productivHomeTestApi(baseUrl) };
}
