import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  ProvisioningWorkflowsClient,
  provisioningWorkflowsApiRef,
} from './ProvisioningWorkflowsApi';

/** The API client over discovery and fetch; the legacy and the new plugin both provide it. */
export const provisioningWorkflowsApiFactory = createApiFactory({
  api: provisioningWorkflowsApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: deps => new ProvisioningWorkflowsClient(deps),
});
