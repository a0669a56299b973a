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
// The module is tested through the real plugin.
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
import { AddressInfo } from 'node:net';
import { provisioningWorkflowsModuleEmail } from './module';

jest.setTimeout(120_000);

const ADMIN = 'user:default/alex.morgan';
const DAY = 24 * 3600_000;
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'License warnings by e-mail (%s)',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let base: string;
    let api: WorkflowsTestApi;
    const audit = auditRecorder();
    const scheduler = mockServices.scheduler() as SchedulerService & {
      triggerTask(id: string): Promise<void>;
    };

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const { server } = await startTestBackend({
        features: [
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          provisioningWorkflowsModuleEmail,
          createServiceFactory({
            service: coreServices.database,
            deps: {},
            factory: async () => {
              const knex = await databases.init(databaseId);
              return { getClient: async () => knex };
            },
          }),
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
      });
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
      api = workflowsTestApi(base, ADMIN);
    });
    afterAll(async () => {
      jest.useRealTimers();
      await sandbox?.stop();
    });

    const mailsTo = (email: string, subject: RegExp) =>
      sandbox.state.inbox.filter(
        m => m.to.includes(email) && subject.test(m.subject),
      );
    const keepLink = (email: string) =>
      mailsTo(email, /^Your Figma/)[0].links.find(l =>
        l.includes('/email/keep/'),
      )!;
    const post = (url: string, form: Record<string, string>, json = false) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: json ? 'application/json' : 'text/html',
        },
        body: new URLSearchParams(form).toString(),
      });
    const tokenOf = (url: string) => url.split('/').pop()!;

    it('mails a Keep link that keeps once, shows a page on GET, refuses forged, replayed, mismatched and expired links, and reminds the others once', async () => {
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
      const started = await api.startRun(figma.id);
      const run = await api.until(
        () => api.run(started.id),
        r => r.status === 'waiting',
      );
      const warned = (await api.actions(run.id)).filter(
        a => a.status === 'notified',
      );
      expect(warned.length).toBeGreaterThanOrEqual(3);
      await api.until(
        async () =>
          warned.filter(a => mailsTo(a.email!, /^Your Figma/).length).length,
        n => n === warned.length,
      );
      const [keeper, other, third] = warned;
      const mail = mailsTo(keeper.email!, /^Your Figma/);
      expect(mail).toHaveLength(1);
      expect(mail[0].subject).toMatch(
        /^Your Figma license will be moved from Editor to Viewer on \d+ \w+ \d{4} at \d\d:\d\d UTC$/,
      );
      expect(mail[0].links).toContain(
        `https://portal.acme.example.com/license-automation/warnings/${keeper.id}`,
      );
      const link = keepLink(keeper.email!);
      expect(link).toMatch(
        new RegExp(
          `^${base}/api/provisioning-workflows/email/keep/[\\w-]{43}$`,
        ),
      );
      const statusOf = async (id: string) =>
        (await api.actions(run.id)).find(a => a.id === id)!.status;

      // A GET (a mail scanner, or the person) shows what the link does and
      // changes nothing.
      const shown = await fetch(link);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('cache-control')).toBe('no-store');
      expect(shown.headers.get('x-frame-options')).toBe('DENY');
      const form = await shown.text();
      expect(form).toContain('<form method="post">');
      expect(form).toContain(`value="${keeper.id}"`);
      expect(await statusOf(keeper.id)).toBe('notified');

      // The form's POST keeps the license, once.
      const kept = await post(link, {
        token: tokenOf(link),
        actionId: keeper.id,
      });
      expect(kept.status).toBe(200);
      expect(await kept.text()).toContain('Your license stays as it is');
      expect(await statusOf(keeper.id)).toBe('opted-out');
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'email-keep',
        outcome: 'success',
        meta: { actionId: keeper.id, status: 'kept' },
      });
      const replayed = await post(link, { token: tokenOf(link) }, true);
      expect(replayed.status).toBe(410);
      expect((await replayed.json()).error.message).toBe(
        'This link has already been used.',
      );
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'email-keep-refused',
        outcome: 'failure',
        meta: { refused: 'used' },
      });

      // A forged token: not a link at all, on GET and POST.
      const forgedUrl = `${base}/api/provisioning-workflows/email/keep/${'A'.repeat(
        43,
      )}`;
      expect((await fetch(forgedUrl)).status).toBe(404);
      const forged = await post(forgedUrl, { actionId: other.id });
      expect(forged.status).toBe(404);
      expect(await forged.text()).toContain('This link is not valid.');
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'email-keep-refused',
        meta: { refused: 'unknown' },
      });

      // Another person's link, posted to keep someone else's license.
      const othersLink = keepLink(other.email!);
      const mismatched = await post(
        othersLink,
        { token: tokenOf(othersLink), actionId: third.id },
        true,
      );
      expect(mismatched.status).toBe(400);
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'email-keep-refused',
        meta: { refused: 'mismatch', actionId: other.id },
      });
      expect(await statusOf(other.id)).toBe('notified');
      expect(await statusOf(third.id)).toBe('notified');

      // A day before the deadline, the others get one reminder each, with a
      // link of their own; the keeper gets none.
      const remindersTo = (email: string) =>
        mailsTo(email, /^Reminder: your Figma/);
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
      const tick = () =>
        scheduler.triggerTask('provisioning-workflows:workflow-tick');
      await tick();
      const others = warned.filter(a => a.id !== keeper.id);
      await api.until(
        async () => others.filter(a => remindersTo(a.email!).length).length,
        n => n === others.length,
      );
      await tick();
      await scheduler.triggerTask('provisioning-workflows:jobs');
      for (const a of others) expect(remindersTo(a.email!)).toHaveLength(1);
      expect(remindersTo(keeper.email!)).toHaveLength(0);

      // Once the deadline has passed, the links no longer work.
      jest.setSystemTime(Date.parse(run.deadline!) + 60_000);
      expect((await fetch(othersLink)).status).toBe(410);
      const late = await post(othersLink, { token: tokenOf(othersLink) }, true);
      expect(late.status).toBe(410);
      expect(audit.events.at(-1)).toMatchObject({
        eventId: 'email-keep-refused',
        meta: { refused: 'expired' },
      });
      jest.useRealTimers();
      expect(await statusOf(other.id)).toBe('notified');
    });
  },
);
