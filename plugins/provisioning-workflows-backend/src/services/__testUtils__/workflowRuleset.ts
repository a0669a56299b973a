import { provisioningWorkflowsAppRules } from '@internal/plugin-provisioning-workflows-node';

/** Rules of the plugin, as the permission registry would hand them out. */
export const workflowRuleset = {
  getRuleByName: (name: string) =>
    Object.values(provisioningWorkflowsAppRules).find(r => r.name === name)!,
};
