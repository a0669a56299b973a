import { Config } from '@backstage/config';
import { Client } from '@okta/okta-sdk-nodejs';
import {
  OktaRequestExecutor,
  OktaRequestExecutorOptions,
} from './OktaRequestExecutor';

/**
 * Options of {@link createOktaConnection}.
 *
 * @public
 */
export type OktaConnectionOptions = OktaRequestExecutorOptions & {
  /**
   * OAuth scopes the caller needs (used with `connectors.okta.oauth` only),
   * e.g. `['okta.users.read', 'okta.groups.manage']`.
   */
  scopes: string[];
};

/**
 * An Okta client and the executor every one of its requests goes through.
 *
 * @public
 */
export type OktaConnection = {
  orgUrl: string;
  client: Client;
  executor: OktaRequestExecutor;
};

/**
 * The one way the plugins reach Okta: a client from `connectors.okta` (an
 * SSWS token, or an OAuth service app with a private key), with no
 * response cache (it would serve stale users and memberships) and an
 * {@link OktaRequestExecutor}. `undefined` when `connectors.okta` is not
 * configured; throws at startup when it is incomplete.
 *
 * @public
 */
export function createOktaConnection(
  config: Config,
  options: OktaConnectionOptions,
): OktaConnection | undefined {
  const okta = config.getOptionalConfig('connectors.okta');
  if (!okta) return undefined;
  const orgUrl = okta.getString('orgUrl');
  const oauth = okta.getOptionalConfig('oauth');
  const { scopes, ...executorOptions } = options;
  const executor = new OktaRequestExecutor(executorOptions);
  // The SDK fills what is not given from OKTA_CLIENT_* variables and
  // okta.yaml files: the mode is always given, so they cannot switch it.
  const client = oauth
    ? new Client({
        orgUrl,
        authorizationMode: 'PrivateKey',
        clientId: oauth.getString('clientId'),
        keyId: oauth.getOptionalString('keyId'),
        privateKey: oauth.getString('privateKey'),
        scopes,
        cacheMiddleware: null,
        requestExecutor: executor,
      })
    : new Client({
        orgUrl,
        authorizationMode: 'SSWS',
        token: okta.getString('token'),
        cacheMiddleware: null,
        requestExecutor: executor,
      });
  return { orgUrl, client, executor };
}
