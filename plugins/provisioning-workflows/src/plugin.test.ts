import { provisioningWorkflowsPlugin } from './plugin';

describe('provisioning-workflows', () => {
  it('should export plugin', () => {
    expect(provisioningWorkflowsPlugin).toBeDefined();
  });
});
