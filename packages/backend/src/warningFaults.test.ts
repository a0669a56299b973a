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
import provisioningWorkflowsModuleSlack from '@internal/plugin-provisioning-workflows-backend-module-slack';
import { provisioningWorkflowsSchedulerServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { workflowsTestApi } from '@internal/plugin-provisioning-workflows-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { testDatabaseFactory } from './__testUtils__/testDatabases';

/**
 * The fault test for license warnings: 200 and more people warned,
 * half of them in Slack and half by e-mail, while 20% of the sandbox's
 * Slack calls fail (429 with Retry-After, 500, and answers slower than the
 * client's timeout, whose message lands after the client gave up) and 20%
 * of its mails are refused with a transient 451. Every warning is
 * delivered exactly once: one direct message per warning, tagged with its
 * job's key, and one mail per person.
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const COHORT = 100;

/** People only Okta, the catalog and Slack know: the load of the test. */
function syntheticPeople(sandbox: Sandbox, prefix: string, group: string) {
  const dir = sandbox.state.directory;
  const groupId = [...dir.groups.values()].find(
    g => g.profile.name === group,
  )!.id;
  dir.addSyntheticUsers(COHORT, { groupId, prefix });
  return Array.from({ length: COHORT }, (_, n) => {
    const email = `${prefix}.${n}@load.example.com`;
    sandbox.state.workspace.users.push({
      id: `U${prefix.slice(0, 4).toUpperCase()}${String(n).padStart(6, '0')}`,
      name: `${prefix}.${n}`,
      realName: `${prefix} ${n}`,
      email,
    });
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: `${prefix}.${n}` },
      spec: { profile: { email, displayName: `${prefix} ${n}` }, memberOf: [] },
    };
  });
}

describe.each(databases.eachSupportedId())(
  'license warnings under Slack and SMTP faults (%s)',
  databaseId => {
    let sandbox: Sandbox;
    let base: string;
    const scheduler = mockServices.scheduler() as SchedulerService & {
      triggerTask(id: string): Promise<void>;
    };

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const entities = [
        ...demoUserEntities(),
        ...syntheticPeople(sandbox, 'slackload', 'Figma Editor'),
        ...syntheticPeople(sandbox, 'mailload', 'Zoom Pro'),
      ];
      const { server } = await startTestBackend({
        features: [
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          provisioningWorkflowsModuleSlack,
          provisioningWorkflowsModuleEmail,
          testDatabaseFactory(databases, databaseId),
          createServiceFactory({
            service: provisioningWorkflowsSchedulerServiceRef,
            deps: {},
            factory: () => scheduler,
          }),
          catalogServiceMock.factory({ entities }),
          mockServices.rootConfig.factory({
            data: {
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
                slack: {
                  apiUrl: sandbox.urls.slack,
                  botToken: sandbox.credentials.slack.botToken,
                  signingSecret: sandbox.credentials.slack.signingSecret,
                  timeoutSeconds: 1,
                },
                email: {
                  smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
                  from: 'Productiv <productiv@acme.example.com>',
                },
              },
              provisioningWorkflows: {
                jobs: {
                  concurrency: 16,
                  retry: { firstDelaySeconds: 1, maxDelaySeconds: 4 },
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
      });
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => sandbox?.stop());

    it('delivers every warning exactly once', async () => {
      const api = workflowsTestApi(base, 'user:default/alex.morgan');
      const workflow = (tier: string, toTier: string, channel: string) => ({
        rules: [
          {
            condition: { type: 'fewSignIns' as const, days: 30, signIns: 1000 },
            tiers: [tier],
            outcome: { action: 'downgrade' as const, toTier },
          },
        ],
        newHireDays: 0,
        notifications: {
          enabled: true,
          daysBefore: 7,
          allowOptOut: true,
          channel: channel as 'slack' | 'email',
        },
        mode: 'automatic' as const,
      });
      const figma = await api.syncedInstance('Figma');
      const zoom = await api.syncedInstance('Zoom');
      await api.saveWorkflow(figma.id, workflow('editor', 'viewer', 'slack'));
      await api.saveWorkflow(zoom.id, workflow('pro', 'basic', 'email'));

      const faults = sandbox.state.faults;
      faults.set('slack', {
        rate429: 0.08,
        rate500: 0.06,
        delayRate: 0.07,
        delayMs: 1200,
      });
      faults.set('smtp', { rate429: 0.1, rate500: 0.1 });
      const started = Date.now();
      const runs = [await api.startRun(figma.id), await api.startRun(zoom.id)];
      // Every replica drains its jobs every few seconds; here, the test does.
      const settled = async () => {
        const waiting = await Promise.all(runs.map(r => api.run(r.id)));
        return waiting.every(r => r.status === 'waiting') ? waiting : undefined;
      };
      await api.until(settled, Boolean, 60_000);
      const [slackRun, mailRun] = await Promise.all(
        runs.map(async r =>
          (await api.actions(r.id)).filter(a => a.status === 'notified'),
        ),
      );
      expect(slackRun.length + mailRun.length).toBeGreaterThanOrEqual(
        2 * COHORT,
      );

      const workspace = sandbox.state.workspace;
      const dmsFor = (actionId: string) =>
        workspace.messages.filter(
          m => m.metadata?.event_payload?.key === `warn:${actionId}`,
        );
      const mailsTo = (email: string) =>
        sandbox.state.inbox.filter(
          m => m.to.includes(email) && /^Your Zoom license/.test(m.subject),
        );
      await api.until(
        async () => {
          await scheduler.triggerTask('provisioning-workflows:jobs');
          return (
            slackRun.every(a => dmsFor(a.id).length > 0) &&
            mailRun.every(a => mailsTo(a.email!).length > 0)
          );
        },
        Boolean,
        60_000,
      );
      const elapsed = Date.now() - started;
      // Retries that might still be queued run, and post nothing more.
      await scheduler.triggerTask('provisioning-workflows:jobs');
      await new Promise(r => setTimeout(r, 1500));
      await scheduler.triggerTask('provisioning-workflows:jobs');

      for (const a of slackRun) expect(dmsFor(a.id)).toHaveLength(1);
      for (const a of mailRun) expect(mailsTo(a.email!)).toHaveLength(1);
      expect(
        workspace.messages.filter(m => /^Your Figma license/.test(m.text)),
      ).toHaveLength(slackRun.length);
      const ids = sandbox.state.inbox.map(m => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      // The faults did happen, at about the shares asked for.
      const slack = faults.stats('slack');
      const smtp = faults.stats('smtp');
      const failed = (s: typeof slack) =>
        (s.injected429 + s.injected500 + s.delayed) / s.calls;
      expect(failed(slack)).toBeGreaterThan(0.12);
      expect(failed(smtp)).toBeGreaterThan(0.12);
      expect(slack.delayed).toBeGreaterThan(0);
      // eslint-disable-next-line no-console
      console.log(
        `${slackRun.length} Slack and ${
          mailRun.length
        } mail warnings in ${elapsed} ms; Slack ${JSON.stringify(
          slack,
        )}, SMTP ${JSON.stringify(smtp)}`,
      );
      expect(elapsed).toBeLessThan(60_000);
    });
  },
);
