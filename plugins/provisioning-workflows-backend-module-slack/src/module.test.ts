import {
  coreServices,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
// The module is tested through the real plugins: Productiv Home's Slack
// module serves the Slack app's one interactivity URL.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomeModuleSlack from '@internal/plugin-productiv-home-backend-module-slack';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { provisioningWorkflowsSchedulerServiceRef } from '@internal/plugin-provisioning-workflows-node';
import {
  auditRecorder,
  workflowsTestApi,
  WorkflowsTestApi,
} from '@internal/plugin-provisioning-workflows-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { createHmac } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { provisioningWorkflowsModuleSlack } from './module';
import { KEEP_ACTION } from './warningMessages';

jest.setTimeout(120_000);

const ADMIN = 'user:default/alex.morgan';
const ADMIN_CHANNEL = 'C0PRODUCTIV1';
const DAY = 24 * 3600_000;
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** Each plugin on its own fresh database of `id`, as in production. */
function databaseFactory(id: TestDatabaseId) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    factory: async () => {
      const knex = await databases.init(id);
      return { getClient: async () => knex };
    },
  });
}

describe.each(databases.eachSupportedId())(
  'License warnings in Slack (%s)',
  databaseId => {
    let sandbox: Sandbox;
    let base: string;
    let api: WorkflowsTestApi;
    const audit = auditRecorder();
    const scheduler = mockServices.scheduler() as SchedulerService & {
      triggerTask(id: string): Promise<void>;
    };
    const portal: Array<{ entityRef: string; title: string }> = [];

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const { server } = await startTestBackend({
        features: [
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          provisioningWorkflowsModuleSlack,
          productivHomePlugin,
          productivHomeModuleSlack,
          databaseFactory(databaseId),
          // Tasks run when the test says (the tick, the inventory sync).
          createServiceFactory({
            service: provisioningWorkflowsSchedulerServiceRef,
            deps: {},
            factory: () => scheduler,
          }),
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          audit.factory,
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'https://portal.acme.example.com' },
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
                slack: {
                  apiUrl: sandbox.urls.slack,
                  botToken: sandbox.credentials.slack.botToken,
                  signingSecret: sandbox.credentials.slack.signingSecret,
                  adminChannel: ADMIN_CHANNEL,
                },
              },
            },
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              send: async ({ recipients, payload }) =>
                void portal.push({
                  entityRef: (recipients as { entityRef: string }).entityRef,
                  title: payload.title,
                }),
            }),
          }),
        ],
      });
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
      sandbox.state.workspace.options.interactivityUrl = `${base}/api/productiv-home/slack/interactivity`;
      api = workflowsTestApi(base, ADMIN);
    });
    afterAll(async () => {
      jest.useRealTimers();
      await sandbox?.stop();
    });

    const workspace = () => sandbox.state.workspace;
    const slackUser = (email: string) =>
      workspace().users.find(u => u.email.toLowerCase() === email)!;
    const dmsTo = (email: string, text: RegExp) =>
      workspace().messages.filter(
        m => m.recipient === slackUser(email).id && text.test(m.text),
      );
    /** POSTs a click payload, signed with `secret` as Slack signs it. */
    async function signedClick(payload: object, secret: string) {
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const ts = String(Math.floor(Date.now() / 1000));
      return fetch(`${base}/api/productiv-home/slack/interactivity`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': `v0=${createHmac('sha256', secret)
            .update(`v0:${ts}:${body}`)
            .digest('hex')}`,
        },
        body,
      });
    }
    /** Runs the workflow tick (a global task) now. */
    const tick = () =>
      scheduler.triggerTask('provisioning-workflows:workflow-tick');
    /** Drains the durable jobs and ticks until `ok`, as the replica's tasks would. */
    const settle = <T>(read: () => Promise<T>, ok: (v: T) => boolean) =>
      api.until(async () => {
        await scheduler.triggerTask('provisioning-workflows:jobs');
        await tick();
        return read();
      }, ok);

    it('warns by DM, keeps a license from the button, refuses forged, replayed and others’ clicks, reminds the others once, and posts the finished run once', async () => {
      const figma = await api.syncedInstance('Figma');
      await api.saveWorkflow(figma.id, {
        rules: [
          {
            name: 'Editors who barely use it',
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
          channel: 'slack',
          remindBeforeHours: 24,
        },
        mode: 'automatic',
      });
      const started = await api.startRun(figma.id);
      const run = await api.until(
        () => api.run(started.id),
        r => r.status === 'waiting',
      );
      const warned = (await api.actions(run.id)).filter(
        a => a.status === 'notified',
      );
      expect(warned.length).toBeGreaterThanOrEqual(3);
      // Everyone warned gets one DM naming the app, the tiers and the date.
      await api.until(
        async () =>
          warned.filter(a => dmsTo(a.email!, /^Your Figma license/).length)
            .length,
        n => n === warned.length,
      );
      const [keeper, other] = warned;
      const dm = dmsTo(keeper.email!, /^Your Figma license/);
      expect(dm).toHaveLength(1);
      expect(dm[0].text).toMatch(
        /^Your Figma license will be moved from Editor to Viewer on \d+ \w+ \d{4} at \d\d:\d\d UTC$/,
      );
      const blocks = JSON.stringify(dm[0].blocks);
      expect(blocks).toContain('Keep my license');
      expect(blocks).toContain(
        `https://portal.acme.example.com/license-automation/warnings/${keeper.id}`,
      );
      // The portal's notification goes too, one per person.
      expect(
        portal.filter(p => p.title.startsWith('Your Figma license')),
      ).toHaveLength(warned.length);

      // Keep my license, clicked by the warned person: kept, audited, and
      // the message loses its button.
      const kept = await workspace().click({
        channel: dm[0].channel,
        ts: dm[0].ts,
        actionId: KEEP_ACTION,
      });
      expect(kept.status).toBe(200);
      const statusOf = async (id: string) =>
        (await api.actions(run.id)).find(a => a.id === id)!.status;
      await api.until(
        () => statusOf(keeper.id),
        s => s === 'opted-out',
      );
      await api.until(
        async () => dm[0].updates,
        n => n === 1,
      );
      expect(JSON.stringify(dm[0].blocks)).not.toContain('Keep my license');
      expect(JSON.stringify(dm[0].blocks)).toContain('You kept your license');
      expect(audit.events).toContainEqual(
        expect.objectContaining({
          eventId: 'slack-keep',
          outcome: 'success',
          meta: expect.objectContaining({ actionId: keeper.id }),
        }),
      );

      // The same click delivered again: refused before it reaches the module.
      const replay = await signedClick(
        kept.payload,
        sandbox.credentials.slack.signingSecret,
      );
      expect(replay.status).toBe(409);
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'slack-click-refused',
        outcome: 'failure',
        meta: { reason: 'replayed click' },
      });

      // A click on another person's warning, forged with a wrong secret.
      const otherDm = dmsTo(other.email!, /^Your Figma license/)[0];
      const forgedPayload = {
        ...kept.payload,
        container: { ...kept.payload.container, message_ts: otherDm.ts },
        actions: [
          {
            ...kept.payload.actions[0],
            value: JSON.stringify({ actionId: other.id }),
            action_ts: `${Math.floor(Date.now() / 1000)}.424242`,
          },
        ],
      };
      const forged = await signedClick(forgedPayload, 'not-the-secret');
      expect(forged.status).toBe(401);
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'slack-click-refused',
        meta: { reason: 'bad signature' },
      });
      // The same click, signed, but by the keeper on someone else's
      // warning: refused, audited, told to the clicker alone.
      const notTheirs = await signedClick(
        {
          ...forgedPayload,
          actions: [
            {
              ...forgedPayload.actions[0],
              action_ts: `${Math.floor(Date.now() / 1000)}.434343`,
            },
          ],
        },
        sandbox.credentials.slack.signingSecret,
      );
      expect(notTheirs.status).toBe(200);
      await api.until(
        async () => audit.events.at(-1)?.eventId,
        id => id === 'slack-keep-refused',
      );
      expect(audit.events.at(-1)).toMatchObject({
        outcome: 'failure',
        meta: {
          actionId: other.id,
          reason: `No warning ${other.id} for you`,
        },
      });
      expect(workspace().responses.at(-1)).toMatchObject({
        user: slackUser(keeper.email!).id,
        responseType: 'ephemeral',
        text: `Nothing changed: No warning ${other.id} for you.`,
      });
      // A GET changes nothing either.
      const get = await fetch(`${base}/api/productiv-home/slack/interactivity`);
      expect(get.status).toBe(404);
      expect(await statusOf(other.id)).toBe('notified');
      expect(otherDm.updates).toBe(0);

      // A day before the deadline, those who did not answer are reminded,
      // once, however often the tick runs.
      const remindersTo = (email: string) =>
        dmsTo(email, /^Reminder: your Figma license/);
      await tick();
      expect(warned.every(a => remindersTo(a.email!).length === 0)).toBe(true);
      jest.useFakeTimers({
        now: Date.parse(run.deadline!) - DAY + 60_000,
        advanceTimers: true,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      await tick();
      const others = warned.filter(a => a.id !== keeper.id);
      await api.until(
        async () => others.filter(a => remindersTo(a.email!).length).length,
        n => n === others.length,
      );
      await tick();
      await tick();
      await new Promise(r => setTimeout(r, 500));
      for (const a of others) expect(remindersTo(a.email!)).toHaveLength(1);
      expect(remindersTo(keeper.email!)).toHaveLength(0);

      jest.useRealTimers();

      // A run that acts at once (no warnings) on Tableau: once it finished,
      // the admins' channel hears of it once, with its counts by name.
      const tableau = await api.syncedInstance('Tableau');
      await api.saveWorkflow(tableau.id, {
        rules: [
          {
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            tiers: ['creator'],
            outcome: { action: 'downgrade', toTier: 'explorer' },
          },
        ],
        newHireDays: 0,
        notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
        mode: 'automatic',
      });
      const acting = await api.startRun(tableau.id);
      const done = await settle(
        () => api.run(acting.id),
        r => r.status === 'succeeded',
      );
      expect(done.counts.done).toBeGreaterThan(0);
      const notices = () =>
        workspace().messages.filter(m => m.channel === ADMIN_CHANNEL);
      await settle(
        async () => notices().length,
        n => n === 1,
      );
      await tick();
      await tick();
      await new Promise(r => setTimeout(r, 500));
      expect(notices()).toHaveLength(1);
      expect(notices()[0].text).toBe(
        `The manual workflow run of Tableau finished: Changed in Okta ${done.counts.done}`,
      );
      expect(JSON.stringify(notices()[0].blocks)).toContain(
        `https://portal.acme.example.com/license-automation/instances/${tableau.id}`,
      );
      // The warned run is still waiting: nothing was posted for it.
      expect((await api.run(run.id)).status).toBe('waiting');
    });
  },
);
