import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { GroupEntity, UserEntity } from '@backstage/catalog-model';
import { Group, User } from '@okta/okta-sdk-nodejs';
import { ProductivOktaProviderConfig } from './config';

/**
 * What a transformer is given besides the Okta object.
 *
 * @public
 */
export type OktaTransformerContext<E> = {
  /**
   * The entity the module makes by default: name from the configured
   * naming, profile, the Okta id and (for users) the job title and
   * department annotations. Return it, changed or not, or a new entity.
   */
  defaultEntity: E;
  /** The provider's settings (namespace, annotation keys, profile fields...). */
  config: ProductivOktaProviderConfig;
};

/**
 * Makes the User entity of an Okta user; undefined leaves the user out of
 * the catalog. After every user is transformed the module adds the
 * memberships (`spec.memberOf`, to the transformed groups) and, unless the
 * transformer set it, the manager annotation (the manager's final entity
 * ref).
 *
 * @public
 */
export type OktaUserTransformer = (
  user: User,
  context: OktaTransformerContext<UserEntity>,
) => Promise<UserEntity | undefined> | UserEntity | undefined;

/**
 * Makes the Group entity of an Okta group; undefined leaves the group out
 * (and out of its members' `memberOf`).
 *
 * @public
 */
export type OktaGroupTransformer = (
  group: Group,
  context: OktaTransformerContext<GroupEntity>,
) => Promise<GroupEntity | undefined> | GroupEntity | undefined;

/**
 * The transformers of users and groups, each set at most once.
 *
 * @public
 */
export type OktaCatalogTransformers = {
  user?: OktaUserTransformer;
  group?: OktaGroupTransformer;
};

/**
 * Customises the entities the Okta catalog module makes.
 *
 * @public
 */
export interface ProductivOktaCatalogExtensionPoint {
  /** Replaces the default user entities; throws if set twice. */
  setUserTransformer(transformer: OktaUserTransformer): void;
  /** Replaces the default group entities; throws if set twice. */
  setGroupTransformer(transformer: OktaGroupTransformer): void;
}

/**
 * The extension point of the Okta catalog module: custom transformers.
 *
 * @public
 */
export const productivOktaCatalogExtensionPoint =
  createExtensionPoint<ProductivOktaCatalogExtensionPoint>({
    id: 'catalog.productiv-okta.transformers',
  });

/** The extension point's implementation, read by the module's init. */
export class ProductivOktaCatalogExtensions
  implements ProductivOktaCatalogExtensionPoint
{
  readonly transformers: OktaCatalogTransformers = {};

  setUserTransformer(transformer: OktaUserTransformer) {
    if (this.transformers.user) {
      throw new Error('The Okta catalog user transformer may only be set once');
    }
    this.transformers.user = transformer;
  }

  setGroupTransformer(transformer: OktaGroupTransformer) {
    if (this.transformers.group) {
      throw new Error(
        'The Okta catalog group transformer may only be set once',
      );
    }
    this.transformers.group = transformer;
  }
}
