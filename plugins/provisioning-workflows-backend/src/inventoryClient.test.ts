import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ProvisioningWorkflowsInventoryClient } from '@internal/plugin-provisioning-workflows-node';
import { AddressInfo } from 'node:net';
import { provisioningWorkflowsPlugin } from './plugin';

describe('ProvisioningWorkflowsInventoryClient', () => {
  async function client() {
    const { server } = await startTestBackend({
      features: [provisioningWorkflowsPlugin],
    });
    const port = (server.address() as AddressInfo).port;
    return new ProvisioningWorkflowsInventoryClient({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async id => `http://localhost:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://localhost:${port}/api/${id}`,
      },
    });
  }

  it('reads the inventory on behalf of a user', async () => {
    const inventory = await client();
    await expect(
      inventory.listApps({ credentials: mockCredentials.user() }),
    ).resolves.toEqual([]);
  });

  it('surfaces the backend error for an unknown person', async () => {
    const inventory = await client();
    await expect(
      inventory.getPeerUsage('user:default/mock', {
        credentials: mockCredentials.user(),
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: {
        error: {
          message: expect.stringContaining('not known to the inventory yet'),
        },
      },
    });
  });
});
