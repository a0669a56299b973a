import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  FulfillmentProvider,
  productivHomeFulfillmentExtensionPoint,
} from '@internal/plugin-productiv-home-node';
import { productivHomeModuleOkta } from './module';

/** Stands in for Productiv Home: owns the extension point, keeps what modules add. */
function fakeProductivHome(added: FulfillmentProvider[]) {
  return createBackendPlugin({
    pluginId: 'productiv-home',
    register(env) {
      env.registerExtensionPoint(productivHomeFulfillmentExtensionPoint, {
        addProvider: (...providers) => added.push(...providers.flat()),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

/** A logger that keeps its info lines. */
function recordingLogger(lines: string[]) {
  const logger: LoggerService = {
    info: message => lines.push(message),
    warn: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => logger,
  });
}

describe('productivHomeModuleOkta', () => {
  it('adds the Okta provider when connectors.okta is configured', async () => {
    const added: FulfillmentProvider[] = [];
    await startTestBackend({
      features: [
        fakeProductivHome(added),
        productivHomeModuleOkta,
        mockServices.rootConfig.factory({
          data: {
            connectors: {
              okta: { orgUrl: 'https://acme.okta.com', token: 'a-token' },
            },
          },
        }),
      ],
    });
    expect(added.map(p => [p.id, p.kind])).toEqual([['okta', 'access']]);
  });

  it('adds nothing, and says so once, without connectors.okta', async () => {
    const added: FulfillmentProvider[] = [];
    const lines: string[] = [];
    await startTestBackend({
      features: [
        fakeProductivHome(added),
        productivHomeModuleOkta,
        recordingLogger(lines),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(added).toEqual([]);
    expect(lines.filter(l => l.includes('connectors.okta'))).toEqual([
      'connectors.okta is not configured; Okta fulfillment is off',
    ]);
  });
});
