import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  DeferredEntity,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { productivOktaCatalogExtensionPoint } from './extensions';
import { catalogModuleProductivOkta } from './module';
import { ProductivOktaEntityProvider } from './ProductivOktaEntityProvider';

jest.setTimeout(60_000);

describe('catalogModuleProductivOkta', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  const oktaConfig = () => ({
    connectors: {
      okta: {
        orgUrl: sandbox.urls.okta,
        token: sandbox.credentials.okta.token,
      },
    },
  });

  async function start(data: object, ...features: any[]) {
    const providers: EntityProvider[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (
              ...p: Array<EntityProvider | EntityProvider[]>
            ) => providers.push(...p.flat()),
          },
        ],
      ],
      features: [
        catalogModuleProductivOkta,
        mockServices.rootConfig.factory({ data }),
        ...features,
      ],
    });
    return providers;
  }

  it('is inert without catalog.providers.productivOkta, even with connectors.okta', async () => {
    expect(await start(oktaConfig())).toEqual([]);
  });

  it('adds the provider when configured, with the transformers another module sets', async () => {
    const customisation = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'okta-customisation',
      register(env) {
        env.registerInit({
          deps: { okta: productivOktaCatalogExtensionPoint },
          async init({ okta }) {
            okta.setUserTransformer((user, { defaultEntity }) =>
              user.profile?.login?.startsWith('svc.')
                ? undefined
                : {
                    ...defaultEntity,
                    metadata: {
                      ...defaultEntity.metadata,
                      annotations: {
                        ...defaultEntity.metadata.annotations,
                        'acme.com/employee-type': 'staff',
                      },
                    },
                  },
            );
            expect(() => okta.setUserTransformer(() => undefined)).toThrow(
              'The Okta catalog user transformer may only be set once',
            );
          },
        });
      },
    });
    const providers = await start(
      { ...oktaConfig(), catalog: { providers: { productivOkta: {} } } },
      customisation,
    );
    expect(providers).toHaveLength(1);
    const provider = providers[0] as ProductivOktaEntityProvider;
    expect(provider.getProviderName()).toBe('productiv-okta');

    const applied: DeferredEntity[] = [];
    await provider.connect({
      applyMutation: async m => {
        if (m.type === 'full') applied.push(...m.entities);
      },
      refresh: async () => {},
    });
    const result = await provider.refresh();
    expect(result).toMatchObject({ applied: true, skipped: 1 });
    const users = applied.filter(d => d.entity.kind === 'User');
    expect(users.map(d => d.entity.metadata.name)).not.toContain('svc.build');
    expect(
      users.every(
        d =>
          d.entity.metadata.annotations?.['acme.com/employee-type'] === 'staff',
      ),
    ).toBe(true);
    // The manager is still added, after the transformer.
    expect(
      users.find(d => d.entity.metadata.name === 'emma.jones')?.entity.metadata
        .annotations?.['productiv.io/manager'],
    ).toBe('user:default/olivia.chen');
  });
});
