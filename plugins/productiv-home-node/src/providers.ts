import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  FulfillmentProvider,
  ProductivHomeFulfillmentExtensionPoint,
} from './extensions';

/**
 * Adds the fulfillment provider a module builds from its connector's config
 * and the plugin's database, or logs `notConfigured` when `fromConfig` finds
 * no config for it. Returns the provider that was added.
 *
 * @public
 */
export async function addProviderFromConfig<P extends FulfillmentProvider>(
  deps: {
    config: RootConfigService;
    logger: LoggerService;
    database: DatabaseService;
    fulfillment: ProductivHomeFulfillmentExtensionPoint;
  },
  options: {
    fromConfig(
      config: RootConfigService,
      knex: Awaited<ReturnType<DatabaseService['getClient']>>,
      options: { skipMigrations?: boolean },
    ): Promise<P | undefined>;
    /** What the log says when the connector is off, e.g. `connectors.zendesk is not configured; Zendesk tickets are off`. */
    notConfigured: string;
  },
): Promise<P | undefined> {
  const provider = await options.fromConfig(
    deps.config,
    await deps.database.getClient(),
    { skipMigrations: deps.database.migrations?.skip },
  );
  if (!provider) {
    deps.logger.info(options.notConfigured);
    return undefined;
  }
  deps.fulfillment.addProvider(provider);
  return provider;
}
