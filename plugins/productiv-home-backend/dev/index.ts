import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// A minimal backend to develop the plugin alone: `yarn start` in this folder, then
//   curl http://localhost:7007/api/productiv-home/health
//   curl http://localhost:7007/api/productiv-home/me
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'mock', namespace: 'default' },
        spec: { profile: { displayName: 'Mock User' }, memberOf: [] },
      },
    ],
  }),
);
backend.add(import('../src'));
backend.start();
