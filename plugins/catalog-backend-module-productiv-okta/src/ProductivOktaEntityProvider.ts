import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ForwardedError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { createOktaConnection, OktaConnection } from '@internal/okta-connector';
import { buildOrgEntities, OrgEntitiesStats } from './buildOrgEntities';
import { ProductivOktaProviderConfig, readProviderConfig } from './config';
import { oktaLocation } from './defaultEntities';
import { OktaCatalogTransformers } from './extensions';
import { OktaOrgReader } from './OktaOrgReader';

/**
 * The scopes the provider reads Okta with (an OAuth service app must be
 * granted them).
 *
 * @public
 */
export const PRODUCTIV_OKTA_SCOPES = [
  'okta.users.read',
  'okta.groups.read',
  'okta.apps.read',
];

/** The id of the provider's scheduled task. */
export const REFRESH_TASK_ID = 'productiv-okta-provider:refresh';

/**
 * What a refresh did.
 *
 * @public
 */
export type ProductivOktaRefreshResult =
  | ({ applied: true } & OrgEntitiesStats)
  | { applied: false; reason: string };

/**
 * Users and groups from Okta as catalog entities: a full mutation on a
 * schedule (global: one replica at a time), so people who left Okta or
 * the filters leave the catalog.
 *
 * @public
 */
export class ProductivOktaEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  /**
   * The provider of `catalog.providers.productivOkta`, reading the org of
   * `connectors.okta`; undefined when the provider is not configured.
   * Throws at startup when it is configured without `connectors.okta`.
   */
  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      transformers?: OktaCatalogTransformers;
      /** An Okta connection to use instead of one from `connectors.okta`. */
      okta?: OktaConnection;
    },
  ): ProductivOktaEntityProvider | undefined {
    const providerConfig = readProviderConfig(config);
    if (!providerConfig) return undefined;
    const okta =
      deps.okta ??
      createOktaConnection(config, {
        scopes: PRODUCTIV_OKTA_SCOPES,
        requestTimeoutMs: 30_000,
        readRetries: 6,
      });
    if (!okta) {
      throw new Error(
        'catalog.providers.productivOkta reads the Okta org of connectors.okta, which is not configured',
      );
    }
    return new ProductivOktaEntityProvider({
      config: providerConfig,
      okta,
      logger: deps.logger,
      scheduler: deps.scheduler,
      transformers: deps.transformers,
    });
  }

  constructor(
    private readonly deps: {
      config: ProductivOktaProviderConfig;
      okta: OktaConnection;
      logger: LoggerService;
      scheduler: SchedulerService;
      transformers?: OktaCatalogTransformers;
    },
  ) {}

  getProviderName(): string {
    return 'productiv-okta';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.scheduler.scheduleTask({
      id: REFRESH_TASK_ID,
      ...this.deps.config.schedule,
      scope: 'global',
      fn: async signal => {
        await this.refresh({ signal });
      },
    });
  }

  /**
   * Reads the org and replaces every entity of this provider with what it
   * holds now. An Okta failure throws and leaves the catalog as it was; so
   * does an empty read (a wrong filter would otherwise empty the catalog).
   */
  async refresh(
    options: { signal?: AbortSignal } = {},
  ): Promise<ProductivOktaRefreshResult> {
    const { config, okta, logger, transformers } = this.deps;
    if (!this.connection) {
      throw new Error('The Okta entity provider is not connected yet');
    }
    const started = Date.now();
    const reader = new OktaOrgReader(okta, config);
    let org;
    try {
      org = await reader.read(options.signal);
    } catch (error) {
      throw new ForwardedError(
        `Could not read users and groups from Okta (${okta.orgUrl}); the catalog keeps what it had`,
        error,
      );
    }
    const entities = await buildOrgEntities(org, {
      config,
      orgUrl: okta.orgUrl,
      transformers,
      logger,
    });
    if (entities.users.length === 0) {
      const reason = `Okta answered no users for '${
        config.userFilter ?? 'every user'
      }'; the catalog keeps the users it had`;
      logger.warn(reason);
      return { applied: false, reason };
    }
    const locationKey = oktaLocation(okta.orgUrl, 'productiv-okta');
    await this.connection.applyMutation({
      type: 'full',
      entities: [...entities.users, ...entities.groups].map(entity => ({
        entity,
        locationKey,
      })),
    });
    const { stats } = entities;
    logger.info(
      `Read ${stats.users} users and ${stats.groups} groups from Okta with ${
        stats.memberships
      } memberships and ${
        stats.managers.byId + stats.managers.byName
      } managers (${stats.managersNotFound} not found) in ${
        Date.now() - started
      } ms`,
      { ...stats },
    );
    return { applied: true, ...stats };
  }
}
