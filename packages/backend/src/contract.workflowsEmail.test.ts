import {
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleEmail from '@internal/plugin-provisioning-workflows-backend-module-email';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { provisioningWorkflowsSchedulerServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { workflowsTestApi } from '@internal/plugin-provisioning-workflows-node/testUtils';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { pluginContract } from './__testUtils__/contract';
import { inProduction } from './__testUtils__/production';
import { testDatabaseFactory } from './__testUtils__/testDatabases';
import { until } from './__testUtils__/until';

/**
 * The contract of provisioning workflows' Keep link page, through the real
 * plugin and e-mail module on SQLite and PostgreSQL with
 * NODE_ENV=production: a GET shows a page and changes nothing, the page's
 * POST keeps once; unknown links 404, used ones 410, a form for another
 * action 400, an oversized form 413. People get pages, programs Backstage's
 * error body, with the same status; every answer is one the module's spec
 * declares. Expired links are driven with a clock in the module's test.
 */

jest.setTimeout(120_000);

const PERSON = 'text/html,application/xhtml+xml,*/*;q=0.8';
const PROGRAM = 'application/json';
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the Keep link contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-provisioning-workflows-backend-module-email',
      '/api/provisioning-workflows',
    );
    let sandbox: Sandbox;
    let server: Server;
    inProduction();
    beforeAll(async () => {
      for (const v of [
        'HTTPS_PROXY',
        'https_proxy',
        'HTTP_PROXY',
        'http_proxy',
      ])
        delete process.env[v];
      sandbox = await startSandbox({ activity: false });
      const scheduler = mockServices.scheduler();
      ({ server } = await startTestBackend({
        features: [
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          provisioningWorkflowsModuleEmail,
          testDatabaseFactory(databases, databaseId),
          createServiceFactory({
            service: provisioningWorkflowsSchedulerServiceRef,
            deps: {},
            factory: (): SchedulerService => scheduler,
          }),
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          mockServices.rootConfig.factory({
            data: {
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
                email: {
                  smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
                  from: 'Productiv <productiv@acme.example.com>',
                },
              },
            },
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      }));
    });
    afterAll(() => sandbox.stop());

    const get = (path: string, accept = PERSON) =>
      contract.checked(request(server).get(path).set('Accept', accept));
    const post = (path: string, form: object = {}, accept = PERSON) =>
      contract.checked(
        request(server)
          .post(path)
          .set('Accept', accept)
          .type('form')
          .send(form),
      );

    it('answers the Keep link', async () => {
      const api = workflowsTestApi(
        `http://localhost:${(server.address() as AddressInfo).port}`,
        'user:default/alex.morgan',
      );
      const figma = await api.syncedInstance('Figma');
      await api.saveWorkflow(figma.id, {
        rules: [
          {
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            tiers: ['editor'],
            outcome: { action: 'downgrade', toTier: 'viewer' },
          },
        ],
        newHireDays: 0,
        notifications: {
          enabled: true,
          daysBefore: 7,
          allowOptOut: true,
          channel: 'email',
        },
        mode: 'automatic',
      });
      const run = await api.startRun(figma.id);
      const [first, second] = await until(
        async () =>
          sandbox.state.inbox
            .filter(m => /^Your Figma license/.test(m.subject))
            .map(
              m =>
                new URL(m.links.find(l => l.includes('/email/keep/'))!)
                  .pathname,
            ),
        links => links.length >= 2,
      );
      const page = await get(first);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Keep your license?');
      const forged = first.replace(/[^/]+$/, 'forged-token-forged-token');
      expect((await get(forged)).status).toBe(404);
      const unknown = await post(forged, {}, PROGRAM);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({
        name: 'NotFoundError',
        message: 'This link is not valid.',
      });
      const mismatch = await post(first, { actionId: 'another' }, PROGRAM);
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.name).toBe('InputError');
      expect((await post(first, { actionId: 'another' })).type).toBe(
        'text/html',
      );
      const big = await post(first, { actionId: 'x'.repeat(20_000) }, PROGRAM);
      expect(big.status).toBe(413);
      expect(
        (await api.actions(run.id)).filter(a => a.status === 'opted-out'),
      ).toHaveLength(0);

      const fields = Object.fromEntries(
        [
          ...page.text.matchAll(
            /<input type="hidden" name="(\w+)" value="([^"]*)">/g,
          ),
        ].map(m => [m[1], m[2]]),
      );
      const kept = await post(first, fields);
      expect(kept.status).toBe(200);
      expect(kept.text).toContain('Your license stays as it is.');
      const used = await post(first, fields, PROGRAM);
      expect(used.status).toBe(410);
      expect(used.body.error.name).toBe('GoneError');
      expect((await get(first)).status).toBe(410);
      expect((await get(second)).status).toBe(200);
      expect(
        (await api.actions(run.id)).filter(a => a.status === 'opted-out'),
      ).toHaveLength(1);
      expect(contract.checks()).toBe(10);
    });
  },
);
