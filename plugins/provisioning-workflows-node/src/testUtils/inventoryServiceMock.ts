import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  ProvisioningWorkflowsInventoryService,
  provisioningWorkflowsInventoryServiceRef,
} from '../inventory';

/**
 * Stands in for the provisioning-workflows backend in tests of plugins that
 * read its inventory (Productiv Home). By default there are no apps and no
 * assignments, nobody holds anything, and peer usage is not available;
 * pass methods to answer otherwise.
 *
 * @public
 */
export const provisioningWorkflowsInventoryServiceMock = {
  /** The inventory itself, with `overrides` in place of the defaults. */
  mock(
    overrides: Partial<ProvisioningWorkflowsInventoryService> = {},
  ): ProvisioningWorkflowsInventoryService {
    return {
      listApps: async () => [],
      listAssignments: async () => [],
      getPeerUsage: async () => {
        throw new Error('not used');
      },
      listHoldings: async () => [],
      listTakenBack: async () => [],
      restoreTakenBack: async () => {
        throw new Error('not used');
      },
      ...overrides,
    };
  },
  /** A service factory for `startTestBackend` that provides {@link provisioningWorkflowsInventoryServiceMock.mock}. */
  factory(overrides: Partial<ProvisioningWorkflowsInventoryService> = {}) {
    return createServiceFactory({
      service: provisioningWorkflowsInventoryServiceRef,
      deps: {},
      factory: () => provisioningWorkflowsInventoryServiceMock.mock(overrides),
    });
  },
};
