import { TestDatabases } from '@backstage/backend-test-utils';
import { workflowsTestApi } from '@internal/plugin-provisioning-workflows-node/testUtils';
import {
  faultShare,
  injectChannelFaults,
  syntheticPeople,
} from './__testUtils__/faultLoad';
import { warningsBackend } from './__testUtils__/warningsBackend';

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

describe.each(databases.eachSupportedId())(
  'license warnings under Slack and SMTP faults (%s)',
  databaseId => {
    const backend = warningsBackend(databases, databaseId, {
      people: sb => [
        ...syntheticPeople(sb, {
          prefix: 'slackload',
          count: COHORT,
          oktaGroup: 'Figma Editor',
        }),
        ...syntheticPeople(sb, {
          prefix: 'mailload',
          count: COHORT,
          oktaGroup: 'Zoom Pro',
        }),
      ],
      slack: { timeoutSeconds: 1 },
      provisioningWorkflows: {
        jobs: {
          concurrency: 16,
          retry: { firstDelaySeconds: 1, maxDelaySeconds: 4 },
        },
      },
    });
    const { scheduler } = backend;

    it('delivers every warning exactly once', async () => {
      const sandbox = backend.sandbox();
      const api = workflowsTestApi(backend.base(), 'user:default/alex.morgan');
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
      injectChannelFaults(sandbox);
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
      expect(faultShare(sandbox, 'slack')).toBeGreaterThan(0.12);
      expect(faultShare(sandbox, 'smtp')).toBeGreaterThan(0.12);
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
