import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** Header the demo sign-in page sends with the chosen persona's entity ref. */
export const DEMO_PERSONA_HEADER = 'x-demo-persona';

type DemoPersonaResult = { userEntityRef: string };

const demoPersonaAuthenticator = createProxyAuthenticator<
  unknown,
  DemoPersonaResult,
  unknown
>({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize() {
    return undefined;
  },
  async authenticate({ req }) {
    const userEntityRef = req.header(DEMO_PERSONA_HEADER);
    if (!userEntityRef) {
      throw new AuthenticationError(
        `Pick a demo persona: the ${DEMO_PERSONA_HEADER} header is missing`,
      );
    }
    return { result: { userEntityRef } };
  },
});

/**
 * Demo-only sign-in: trusts a header naming a catalog user, so that a person
 * can act as an employee, an approver or an admin on a local portal. The user
 * must exist in the catalog (its ownership refs come from the catalog).
 * It only runs when `auth.providers.demoPersona` has an entry for the auth
 * environment (`auth.environment`, default `development`): a production
 * config that sets `auth.environment: production` turns it off even when
 * layered over the demo's app-config.yaml.
 */
export const authModuleDemoPersonaProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-persona-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const environment =
          config.getOptionalString('auth.environment') ?? 'development';
        if (!config.has(`auth.providers.demoPersona.${environment}`)) {
          logger.info(
            `Demo persona sign-in is off: auth.providers.demoPersona.${environment} is not configured`,
          );
          return;
        }
        providers.registerProvider({
          providerId: 'demoPersona',
          factory: createProxyAuthProviderFactory({
            authenticator: demoPersonaAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: result.userEntityRef,
              });
            },
          }),
        });
      },
    });
  },
});
