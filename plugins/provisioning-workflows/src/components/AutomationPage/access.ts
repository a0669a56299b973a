import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { provisioningWorkflowsInventoryReadPermission } from '@internal/plugin-provisioning-workflows-common';
import useAsync from 'react-use/esm/useAsync';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';

/** The permission the license automation page needs: reading the inventory it is built on. */
export const automationPagePermission =
  provisioningWorkflowsInventoryReadPermission;

/**
 * Whether the signed-in person may use license automation: admins (who read
 * the inventory), and app admins, who hold no inventory permission but
 * manage the workflows of their apps (the instances listed to them).
 */
export function useLicenseAutomationAccess(): {
  loading: boolean;
  allowed: boolean;
  /** Whether they read the inventory (the Inventory tab). */
  inventory: boolean;
} {
  const api = useApi(provisioningWorkflowsApiRef);
  const inventory = usePermission({ permission: automationPagePermission });
  const denied = !inventory.loading && !inventory.allowed;
  const instances = useAsync(
    async () => (denied ? api.listInstances() : undefined),
    [api, denied],
  );
  if (inventory.loading) {
    return { loading: true, allowed: false, inventory: false };
  }
  if (inventory.allowed) {
    return { loading: false, allowed: true, inventory: true };
  }
  return {
    loading: instances.loading,
    allowed: Boolean(instances.value?.length),
    inventory: false,
  };
}
