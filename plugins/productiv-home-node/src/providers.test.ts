import { mockServices } from '@backstage/backend-test-utils';
import { FulfillmentProvider } from './extensions';
import { addProviderFromConfig } from './providers';

const provider: FulfillmentProvider = {
  id: 'example',
  kind: 'ticket',
  fulfill: async () => ({ status: 'pending', externalId: 'T-1' }),
};

function setUp(skip?: boolean) {
  const knex = { client: 'a knex' };
  const database = {
    getClient: async () => knex,
    migrations: skip === undefined ? undefined : { skip },
  } as any;
  const logger = mockServices.logger.mock();
  const added: FulfillmentProvider[] = [];
  const fulfillment = {
    addProvider: (...p: Array<FulfillmentProvider | FulfillmentProvider[]>) =>
      added.push(...p.flat()),
  };
  const config = mockServices.rootConfig({ data: {} });
  return { deps: { config, logger, database, fulfillment }, knex, added };
}

describe('addProviderFromConfig', () => {
  it('adds the provider built from the config and the plugin database', async () => {
    const { deps, knex, added } = setUp(true);
    const fromConfig = jest.fn(async () => provider);
    await expect(
      addProviderFromConfig(deps, { fromConfig, notConfigured: 'off' }),
    ).resolves.toBe(provider);
    expect(fromConfig).toHaveBeenCalledWith(deps.config, knex, {
      skipMigrations: true,
    });
    expect(added).toEqual([provider]);
    expect(deps.logger.info).not.toHaveBeenCalled();
  });

  it('logs that the connector is off when there is no config for it', async () => {
    const { deps, knex, added } = setUp();
    const fromConfig = jest.fn(async () => undefined);
    await expect(
      addProviderFromConfig(deps, {
        fromConfig,
        notConfigured: 'connectors.example is not configured; tickets are off',
      }),
    ).resolves.toBeUndefined();
    expect(fromConfig).toHaveBeenCalledWith(deps.config, knex, {
      skipMigrations: undefined,
    });
    expect(added).toEqual([]);
    expect(deps.logger.info).toHaveBeenCalledWith(
      'connectors.example is not configured; tickets are off',
    );
  });
});
