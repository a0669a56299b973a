import {
  createServiceFactory,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { ProductivHomeBackendClient } from '@internal/plugin-productiv-home-node';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities } from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { createRequestAppAction } from './requestApp';

jest.setTimeout(60_000);

const EMMA = 'user:default/emma.jones';

/** A Productiv Home backend with Figma in its catalog. */
async function productivHome() {
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: provisioningWorkflowsInventoryServiceRef,
        deps: {},
        factory: () => ({
          listApps: async () => [],
          listAssignments: async () => [],
          getPeerUsage: async () => {
            throw new Error('not used');
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  const baseUrl = `http://localhost:${
    (server.address() as AddressInfo).port
  }/api/productiv-home`;
  const put = await fetch(`${baseUrl}/apps/figma`, {
    method: 'PUT',
    headers: {
      authorization: mockCredentials.user.header('user:default/alex.morgan'),
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      name: 'Figma',
      tiers: ['viewer', 'editor'],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      },
    }),
  });
  expect(put.status).toBe(200);
  const discovery: DiscoveryService = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
  return { baseUrl, discovery };
}

/** The parts of the scaffolder's action context this action uses. */
function context(input: object, checkpoints = new Map<string, unknown>()) {
  const outputs: Record<string, unknown> = {};
  return {
    outputs,
    checkpoints,
    ctx: {
      input,
      logger: mockServices.logger.mock(),
      output: (name: string, value: unknown) => void (outputs[name] = value),
      getInitiatorCredentials: async () => mockCredentials.user(EMMA),
      // Like the scaffolder: a checkpoint's result is kept and replayed.
      checkpoint: async ({ key, fn }: { key: string; fn: () => unknown }) => {
        if (!checkpoints.has(key)) checkpoints.set(key, await fn());
        return checkpoints.get(key);
      },
    } as any,
  };
}

describe('productiv-home:request-app', () => {
  it('requests the app for the person running the template, once even when resumed', async () => {
    const { baseUrl, discovery } = await productivHome();
    const action = createRequestAppAction({
      client: new ProductivHomeBackendClient({
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        discovery,
      }),
    });

    const run = context({
      appKey: 'figma',
      tier: 'editor',
      justification: 'New design system',
    });
    await action.handler(run.ctx);
    expect(run.outputs.status).toBe('pending_approval');

    const request = await fetch(
      `${baseUrl}/requests/${run.outputs.requestId}`,
      {
        headers: { authorization: mockCredentials.user.header(EMMA) },
      },
    ).then(r => r.json());
    expect(request).toMatchObject({
      requester: EMMA,
      appKey: 'figma',
      tier: 'editor',
      justification: 'New design system',
    });

    // The task is resumed after a restart: the step replays its checkpoint.
    const resumed = context(
      { appKey: 'figma', tier: 'editor', justification: 'New design system' },
      run.checkpoints,
    );
    await action.handler(resumed.ctx);
    expect(resumed.outputs.requestId).toBe(run.outputs.requestId);
    const mine = await fetch(`${baseUrl}/requests`, {
      headers: { authorization: mockCredentials.user.header(EMMA) },
    }).then(r => r.json());
    expect(mine.items).toHaveLength(1);

    // A new run of the template while the request is open fails the step
    // with the API's reason.
    await expect(
      action.handler(
        context({ appKey: 'figma', tier: 'editor', justification: 'x' }).ctx,
      ),
    ).rejects.toThrow(
      /Productiv Home refused the request for figma \(editor\): You already have an open request for Figma \(editor\)/,
    );
    await expect(
      action.handler(context({ appKey: 'figma', tier: 'admin' }).ctx),
    ).rejects.toThrow(
      "Figma has no tier 'admin'; choose one of viewer, editor",
    );
  });
});
