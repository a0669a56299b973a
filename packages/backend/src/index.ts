import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoPersonaProvider } from './modules/demoPersonaAuth';
import { permissionModuleProductivPolicy } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth: guest sign-in with switchable demo personas (see README).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModuleDemoPersonaProvider);

// Catalog, with the demo organization from examples/org.yaml.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Users and groups from Okta, off until catalog.providers.productivOkta is set.
backend.add(import('@internal/plugin-catalog-backend-module-productiv-okta'));

// Scaffolder (software templates can later request app access).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// productiv-home:request-app: request an app from a software template.
backend.add(
  import('@internal/plugin-scaffolder-backend-module-productiv-home'),
);

// Permissions: Productiv admin permissions for the admin groups, the rest allowed.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleProductivPolicy);

// Search.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Platform services used by the product. The events bus carries signals
// between backend replicas.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Agents: the actions of both plugins (backend.actions.pluginSources) as MCP tools at
// /api/mcp-actions/v1, called with the signed-in user's token.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// The product.
backend.add(import('@internal/plugin-productiv-home-backend'));
backend.add(import('@internal/plugin-productiv-home-backend-module-okta'));
backend.add(import('@internal/plugin-productiv-home-backend-module-email'));
backend.add(import('@internal/plugin-productiv-home-backend-module-slack'));
backend.add(import('@internal/plugin-productiv-home-backend-module-zendesk'));
backend.add(
  import(
    '@internal/plugin-productiv-home-backend-module-jira-service-management'
  ),
);
backend.add(import('@internal/plugin-provisioning-workflows-backend'));
// License changes of workflow runs, in Okta.
backend.add(
  import('@internal/plugin-provisioning-workflows-backend-module-okta'),
);
// License warnings with Keep my license, in Slack and by e-mail.
backend.add(
  import('@internal/plugin-provisioning-workflows-backend-module-slack'),
);
backend.add(
  import('@internal/plugin-provisioning-workflows-backend-module-email'),
);
backend.start();
