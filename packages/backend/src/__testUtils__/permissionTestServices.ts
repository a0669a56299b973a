import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { demoUserEntities } from '@internal/sandbox';

/**
 * Services that let a test backend run the real permission backend and the
 * demo policy as in production: ownership claims from the demo
 * organization's memberships, and plugin-to-plugin tokens that keep whom a
 * plugin acts for.
 */
export function permissionTestServices() {
  const users = demoUserEntities();
  return [
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        getUserInfo: async (credentials: any) => {
          const userEntityRef = credentials.principal.userEntityRef;
          const user = users.find(
            u => `user:default/${u.metadata.name}` === userEntityRef,
          );
          return {
            userEntityRef,
            ownershipEntityRefs: [
              userEntityRef,
              ...(user?.relations ?? [])
                .filter(r => r.type === RELATION_MEMBER_OF)
                .map(r => r.targetRef),
            ],
          };
        },
      }),
    }),
    // The mock auth service drops who a plugin acts for when it verifies a
    // plugin-to-plugin token; the real one keeps it as the actor, which is
    // how the permission backend tells a plugin's conditional query from
    // a direct user request.
    createServiceFactory({
      service: coreServices.auth,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => {
        const auth = mockServices.auth({ pluginId: plugin.getId() });
        const authenticate = auth.authenticate.bind(auth);
        auth.authenticate = async (token, options) => {
          const prefix = 'mock-service-token:';
          if (token.startsWith(prefix)) {
            const { sub, obo } = JSON.parse(token.slice(prefix.length));
            if (obo) {
              await authenticate(token, options);
              return mockCredentials.user(obo, {
                actor: { subject: sub },
              }) as any;
            }
          }
          return authenticate(token, options);
        };
        return auth;
      },
    }),
  ];
}
