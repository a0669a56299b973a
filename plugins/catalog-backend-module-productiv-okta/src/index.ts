/**
 * Users and groups of the software catalog from Okta, with the manager,
 * job title and department that Productiv Home reads.
 *
 * @packageDocumentation
 */

export { catalogModuleProductivOkta as default } from './module';
export {
  productivOktaCatalogExtensionPoint,
  type OktaCatalogTransformers,
  type OktaGroupTransformer,
  type OktaTransformerContext,
  type OktaUserTransformer,
  type ProductivOktaCatalogExtensionPoint,
} from './extensions';
export {
  ProductivOktaEntityProvider,
  PRODUCTIV_OKTA_SCOPES,
  type ProductivOktaRefreshResult,
} from './ProductivOktaEntityProvider';
export type {
  GroupNaming,
  ProductivOktaProviderConfig,
  UserNaming,
} from './config';
export {
  OKTA_GROUP_ID_ANNOTATION,
  OKTA_USER_ID_ANNOTATION,
  profileText,
} from './defaultEntities';
