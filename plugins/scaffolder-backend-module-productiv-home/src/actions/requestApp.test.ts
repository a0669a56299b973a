import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
// The action is tested against the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { productivHomeServiceMocks } from '@internal/plugin-productiv-home-node/testUtils';
import { demoUserEntities } from '@internal/sandbox';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import scaffolderModuleProductivHome from '..';

jest.setTimeout(60_000);

const EMMA = 'user:default/emma.jones';

/** The example template that the demo portal registers in its catalog. */
const requestAppTemplate = parse(
  readFileSync(
    resolve(__dirname, '../../../../examples/templates/request-app.yaml'),
    'utf8',
  ),
);

/**
 * The same template with a later step that fails on its first run, so that
 * the task can be retried after the request was made.
 */
const requestAppThenFailTemplate = {
  ...requestAppTemplate,
  metadata: { name: 'request-app-then-fail' },
  spec: {
    ...requestAppTemplate.spec,
    steps: [
      ...requestAppTemplate.spec.steps,
      { id: 'flaky', name: 'Fails once', action: 'test:fail-once' },
    ],
  },
};

/**
 * A real scaffolder with this module, and a real Productiv Home backend with
 * the demo people and Figma, in one test backend: the action reaches
 * Productiv Home over HTTP through discovery, as in the portal.
 */
async function startBackend() {
  let flakyRuns = 0;
  const flakyModule = createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'test-fail-once',
    register(reg) {
      reg.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(
            createTemplateAction({
              id: 'test:fail-once',
              async handler() {
                flakyRuns += 1;
                if (flakyRuns === 1) throw new Error('Flaky step failed');
              },
            }),
          );
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleProductivHome,
      flakyModule,
      productivHomePlugin,
      catalogServiceMock.factory({
        entities: [
          ...demoUserEntities(),
          requestAppTemplate,
          requestAppThenFailTemplate,
        ],
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      // Productiv Home's other dependencies, not reached in this test.
      ...productivHomeServiceMocks(),
    ],
  });
  await request(server)
    .put('/api/productiv-home/apps/figma')
    .set(
      'Authorization',
      mockCredentials.user.header('user:default/alex.morgan'),
    )
    .send({
      name: 'Figma',
      tiers: ['viewer', 'editor'],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      },
    })
    .expect(200);

  /** The task's end: its status, and its outputs or error. */
  const settled = async (taskId: string) => {
    const get = (path: string) =>
      request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}${path}`)
        .set('Authorization', mockCredentials.user.header(EMMA))
        .expect(200);
    for (let i = 0; i < 200; i++) {
      const { status } = (await get('')).body;
      if (status === 'completed' || status === 'failed') {
        const completion = (await get('/events')).body.find(
          (e: { type: string }) => e.type === 'completion',
        );
        return {
          id: taskId,
          status: status as string,
          output: completion.body.output,
          error: completion.body.error?.message as string | undefined,
        };
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`Task ${taskId} did not end`);
  };
  /** Starts the template as Emma and waits until the task ends. */
  const run = async (template: string, values: object) => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header(EMMA))
      .send({ templateRef: `template:default/${template}`, values })
      .expect(201);
    return settled(created.body.id);
  };
  const retry = async (taskId: string) => {
    await request(server)
      .post(`/api/scaffolder/v2/tasks/${taskId}/retry`)
      .set('Authorization', mockCredentials.user.header(EMMA))
      .send({})
      .expect(201);
    return settled(taskId);
  };
  const myRequests = async () =>
    (
      await request(server)
        .get('/api/productiv-home/requests')
        .set('Authorization', mockCredentials.user.header(EMMA))
        .expect(200)
    ).body.items;
  return { server, run, retry, myRequests };
}

describe('productiv-home:request-app', () => {
  it('requests the app for the person running the template', async () => {
    const { server, run } = await startBackend();
    const task = await run('request-app', {
      appKey: 'figma',
      tier: 'editor',
      justification: 'New design system',
    });
    expect(task.status).toBe('completed');
    const requestId = task.output.text[0].content.match(/^Request (\S+) is/)[1];
    expect(task.output.text[0].content).toBe(
      `Request ${requestId} is pending_approval.`,
    );

    const created = await request(server)
      .get(`/api/productiv-home/requests/${requestId}`)
      .set('Authorization', mockCredentials.user.header(EMMA))
      .expect(200);
    expect(created.body).toMatchObject({
      requester: EMMA,
      appKey: 'figma',
      tier: 'editor',
      justification: 'New design system',
      status: 'pending_approval',
    });
    // Emma's manager approves it, as for a request made in the portal.
    expect(created.body.approvals.map((a: any) => a.approver)).toEqual([
      'user:default/olivia.chen',
    ]);
  });

  it('fails the step with the API message when the request is refused', async () => {
    const { run, myRequests } = await startBackend();
    const values = { appKey: 'figma', tier: 'viewer' };
    expect((await run('request-app', values)).status).toBe('completed');
    const [open] = await myRequests();

    const duplicate = await run('request-app', values);
    expect(duplicate.status).toBe('failed');
    expect(duplicate.error).toBe(
      `Productiv Home refused the request for figma (viewer); caused by ConflictError: You already have an open request for Figma Viewer: request ${open.id} is pending approval`,
    );
    expect(await myRequests()).toHaveLength(1);

    const unknownTier = await run('request-app', {
      appKey: 'figma',
      tier: 'admin',
    });
    expect(unknownTier.error).toBe(
      "Productiv Home refused the request for figma (admin); caused by InputError: Figma has no tier 'admin'; choose one of viewer, editor",
    );
  });

  it('does not request the app again when the task is retried', async () => {
    const { run, retry, myRequests } = await startBackend();
    const failed = await run('request-app-then-fail', {
      appKey: 'figma',
      tier: 'editor',
      justification: 'New design system',
    });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('Flaky step failed');
    const [made] = await myRequests();
    expect(made.status).toBe('pending_approval');

    // The retry runs every step again; the request step replays its
    // checkpoint instead of asking Productiv Home a second time (which would
    // also fail the step with a 409).
    const retried = await retry(failed.id);
    expect(retried.status).toBe('completed');
    expect(retried.output.text[0].content).toBe(
      `Request ${made.id} is pending_approval.`,
    );
    expect(await myRequests()).toHaveLength(1);
  });
});
