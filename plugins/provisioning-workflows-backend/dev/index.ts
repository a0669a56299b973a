import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// A minimal backend to develop the plugin alone: `yarn start` in this folder, then
//   curl http://localhost:7007/api/provisioning-workflows/health
//   curl http://localhost:7007/api/provisioning-workflows/runs
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
// License changes in Okta (connectors.okta); without it every action fails.
backend.add(
  import('@internal/plugin-provisioning-workflows-backend-module-okta'),
);
backend.start();
