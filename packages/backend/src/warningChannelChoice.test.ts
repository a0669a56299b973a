import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { workflowsTestApi } from '@internal/plugin-provisioning-workflows-node/testUtils';
import { warningsBackend } from './__testUtils__/warningsBackend';

/**
 * Workflow warnings whose channel is `default` go the way Productiv Home
 * reaches approvers (its settings' approval method, read service to
 * service), and by the configured default channel when Home is not there.
 * Through the real Slack SDK and nodemailer against the sandbox.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ADMIN = 'user:default/alex.morgan';
const JOBS = 'provisioning-workflows:jobs';

/** Everyone holding Figma Editor is warned of a downgrade, by `default`. */
const workflow = {
  rules: [
    {
      condition: { type: 'fewSignIns' as const, days: 30, signIns: 1000 },
      tiers: ['editor'],
      outcome: { action: 'downgrade' as const, toTier: 'viewer' },
    },
  ],
  newHireDays: 0,
  notifications: {
    enabled: true,
    daysBefore: 7,
    allowOptOut: true,
    channel: 'default' as const,
  },
  mode: 'automatic' as const,
};

/** Runs the workflow and the warning jobs; the warned actions, and how each went. */
async function warnFigmaEditors(backend: ReturnType<typeof warningsBackend>) {
  const sandbox = backend.sandbox();
  const api = workflowsTestApi(backend.base(), ADMIN);
  const figma = await api.syncedInstance('Figma');
  await api.saveWorkflow(figma.id, workflow);
  const run = await api.startRun(figma.id);
  await api.until(
    () => api.run(run.id),
    r => r.status === 'waiting',
    30_000,
  );
  const warned = (await api.actions(run.id)).filter(
    a => a.status === 'notified',
  );
  expect(warned.length).toBeGreaterThan(0);
  const dms = (actionId: string) =>
    sandbox.state.workspace.messages.filter(
      m => m.metadata?.event_payload?.key === `warn:${actionId}`,
    );
  const mails = (email: string) =>
    sandbox.state.inbox.filter(
      m => m.to.includes(email) && /^Your Figma license/.test(m.subject),
    );
  await api.until(
    async () => {
      await backend.scheduler.triggerTask(JOBS);
      return warned.every(a => dms(a.id).length + mails(a.email!).length > 0);
    },
    Boolean,
    30_000,
  );
  return warned.map(a => ({
    dms: dms(a.id).length,
    mails: mails(a.email!).length,
  }));
}

describe.each(databases.eachSupportedId())(
  'the default warning channel (%s)',
  databaseId => {
    describe('with Productiv Home in the backend', () => {
      const backend = warningsBackend(databases, databaseId, {
        home: true,
        provisioningWorkflows: { notifications: { defaultChannel: 'email' } },
      });

      it('warns the way Home asks approvers (Slack), not by the configured default', async () => {
        const put = await fetch(
          `${backend.base()}/api/productiv-home/settings`,
          {
            method: 'PUT',
            headers: {
              authorization: mockCredentials.user.header(ADMIN),
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              approvalMethod: 'slack',
              defaultApprovers: [{ type: 'manager' }],
              reminderHours: [],
              justificationRequired: false,
            }),
          },
        );
        expect(put.status).toBe(200);
        const outcomes = await warnFigmaEditors(backend);
        for (const o of outcomes) expect(o).toEqual({ dms: 1, mails: 0 });
      });
    });

    describe('without Productiv Home', () => {
      const backend = warningsBackend(databases, databaseId, {
        provisioningWorkflows: { notifications: { defaultChannel: 'email' } },
      });

      it('warns by the configured default channel (e-mail)', async () => {
        const outcomes = await warnFigmaEditors(backend);
        for (const o of outcomes) expect(o).toEqual({ dms: 0, mails: 1 });
      });
    });
  },
);
