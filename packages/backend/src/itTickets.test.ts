import {
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import productivHomeModuleJsm from '@internal/plugin-productiv-home-backend-module-jira-service-management';
import productivHomeModuleOkta from '@internal/plugin-productiv-home-backend-module-okta';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows-backend';
import provisioningWorkflowsModuleOkta from '@internal/plugin-provisioning-workflows-backend-module-okta';
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
 * License changes Okta cannot make go to IT, end to end on each database:
 * Figma's Viewer tier has no Okta group, so a workflow that downgrades
 * Editors to Viewer cannot do it in Okta. Each action asks Productiv Home
 * (service to service), which opens exactly one ticket per action in Jira
 * Service Management (the sandbox, through jira.js); the actions wait on
 * IT and the run stays open until IT resolves the tickets in the desk;
 * then each action is done (or failed, for the ticket IT declined), once,
 * and the run finishes. A repeated call for an action answers the same
 * request and opens nothing more, and Okta is never written to. Likewise
 * a reclaim of Miro, which Okta does not provision (its people are
 * assigned directly, with no group): one removal ticket per person, the
 * run open until IT is done; a person Home cannot find in the catalog
 * fails with Home's reason.
 */

jest.setTimeout(180_000);

const ADMIN = 'user:default/alex.morgan';
const JSM_SECRET = 'it-tickets-webhook-secret';
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'changes Okta cannot make, handed to IT, on %p',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    let base: string;
    const scheduler = mockServices.scheduler() as SchedulerService & {
      triggerTask(id: string): Promise<void>;
    };

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      const { server } = await startTestBackend({
        features: [
          productivHomePlugin,
          productivHomeModuleOkta,
          productivHomeModuleJsm,
          provisioningWorkflowsPlugin,
          provisioningWorkflowsModuleOkta,
          testDatabaseFactory(databases, databaseId),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          createServiceFactory({
            service: provisioningWorkflowsSchedulerServiceRef,
            deps: {},
            factory: () => scheduler,
          }),
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://portal.example.com' },
              productivHome: { ticketing: 'jira-service-management' },
              connectors: {
                okta: {
                  orgUrl: sandbox.urls.okta,
                  token: sandbox.credentials.okta.token,
                },
                jiraServiceManagement: {
                  host: sandbox.urls.jira,
                  ...sandbox.credentials.jira,
                  webhookSecret: JSM_SECRET,
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
      sandbox.state.desk.options.webhookUrl = `${base}/api/productiv-home/jira-service-management/webhook`;
      sandbox.state.desk.options.webhookSecret = JSM_SECRET;
    });
    afterAll(() => sandbox?.stop());

    /** A Home call with provisioning workflows' service credentials. */
    async function asWorkflows(method: string, path: string, body?: object) {
      const res = await fetch(`${base}/api/productiv-home${path}`, {
        method,
        headers: {
          authorization: mockCredentials.service.header({
            onBehalfOf: mockCredentials.service(
              'plugin:provisioning-workflows',
            ),
            targetPluginId: 'productiv-home',
          }),
          'content-type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    }

    it('opens one ticket per action, waits on IT, and completes the actions and the run once IT resolves them', async () => {
      const api = workflowsTestApi(base, ADMIN);
      const work = async () => {
        await scheduler.triggerTask('provisioning-workflows:jobs');
        await scheduler.triggerTask('provisioning-workflows:workflow-tick');
      };
      const figma = await api.syncedInstance('Figma');
      const groups: Array<{ id: string; name: string }> = await fetch(
        `${sandbox.urls.inspector}/api/okta/groups`,
      ).then(r => r.json());
      const editors = groups.find(g => g.name === 'Figma Editor')!;
      // Viewer is a tier of Figma that no Okta group grants.
      await api.call('PUT', `/instances/${figma.id}/tiers`, {
        tiers: [
          { tier: 'viewer', displayName: 'Viewer' },
          { tier: 'editor', displayName: 'Editor', groupId: editors.id },
        ],
      });
      await api.saveWorkflow(figma.id, {
        rules: [
          {
            name: 'Editors who rarely design',
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            tiers: ['editor'],
            outcome: { action: 'downgrade', toTier: 'viewer' },
          },
        ],
        newHireDays: 0,
        notifications: { enabled: false, daysBefore: 0, allowOptOut: false },
        mode: 'automatic',
      });
      const run = await api.startRun(figma.id);
      const waiting = await api.until(
        async () => {
          await work();
          const actions = await api.actions(run.id);
          return actions.length &&
            actions.every(a => a.status === 'waiting-on-it')
            ? actions
            : undefined;
        },
        Boolean,
        60_000,
      );
      const people = waiting!.map(a => a.email!);
      expect(people.length).toBeGreaterThan(1);
      expect(waiting![0].detail).toBe(
        'Waiting on IT: Viewer has no Okta group, so Okta cannot move anyone to it',
      );

      // One ticket per action, saying what to change and why.
      const tickets = () =>
        sandbox.state.desk.requests.filter(r =>
          String(r.fields.summary).includes('Figma'),
        );
      await api.until(
        async () => tickets().length >= people.length,
        Boolean,
        30_000,
      );
      expect(tickets()).toHaveLength(people.length);
      const ticket = tickets()[0];
      expect(String(ticket.fields.summary)).toMatch(
        /^Downgrade Figma Editor to Viewer for .+ \[ph[0-9a-f]+\]$/,
      );
      expect(String(ticket.fields.description)).toContain(
        'from Figma Editor to Viewer (a downgrade license automation decided, which Okta cannot make), then resolve this request.',
      );
      expect(String(ticket.fields.description)).toContain(
        'A downgrade decided by a provisioning workflow, which Okta cannot make: Rule "Editors who rarely design" of the Figma workflow (Viewer has no Okta group, so Okta cannot move anyone to it)',
      );

      // The run waits on IT: ticks do not finish it.
      await work();
      await work();
      expect((await api.run(run.id)).status).toBe('executing');
      expect((await api.run(run.id)).counts).toEqual({
        'waiting-on-it': people.length,
      });

      // The person sees it in My requests, by name.
      const person = demoUserEntities().find(
        (e: any) => e.spec?.profile?.email === people[0],
      )!;
      const personRef = `user:default/${person.metadata.name}`;
      const mine = await fetch(`${base}/api/productiv-home/requests`, {
        headers: { authorization: mockCredentials.user.header(personRef) },
      }).then(r => r.json());
      const reclaim = mine.items.find((r: any) => r.kind === 'reclaim');
      expect(reclaim).toMatchObject({
        appKey: 'reclaim:figma',
        tier: 'viewer',
        fromTier: 'editor',
        status: 'fulfilling',
        approvals: [],
        fulfillment: { provider: 'jira-service-management' },
      });
      expect(reclaim.history[0]).toMatchObject({
        actor: 'plugin:provisioning-workflows',
        type: 'submitted',
        comment: 'Figma Editor downgraded to Viewer by license automation',
      });

      // A repeated call for an action (a retry after a lost answer): the
      // same request, no second ticket.
      const again = await asWorkflows('POST', '/it-changes', {
        idempotencyKey: waiting![0].id,
        email: waiting![0].email,
        oktaAppId: figma.id,
        appName: 'Figma',
        change: 'downgrade',
        fromTier: 'editor',
        toTier: 'viewer',
        reason: 'retried',
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'open' });
      const first = await asWorkflows(
        'GET',
        `/it-changes/${encodeURIComponent(waiting![0].id)}`,
      );
      expect(first.body.requestId).toBe(again.body.requestId);
      await work();
      expect(tickets()).toHaveLength(people.length);

      // IT declines one ticket and resolves the others in the desk; Home
      // hears it by webhook.
      const [declined, ...resolvedTickets] = tickets();
      for (const t of tickets()) {
        const answer = await fetch(
          `${sandbox.urls.inspector}/api/jira/requests/${t.issueKey}/resolve`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(t === declined ? { outcome: 'declined' } : {}),
          },
        );
        expect(answer.status).toBe(200);
      }
      // Two ticks at once (two replicas' worth): each action ends once.
      const finished = await api.until(
        async () => {
          await Promise.all([work(), work()]);
          const r = await api.run(run.id);
          return r.status === 'succeeded' ? r : undefined;
        },
        Boolean,
        60_000,
      );
      expect(finished!.counts).toEqual({
        done: people.length - 1,
        failed: 1,
      });
      const ended = await api.actions(run.id);
      const done = ended.filter(a => a.status === 'done');
      expect(done).toHaveLength(resolvedTickets.length);
      expect(done[0].detail).toMatch(
        /^Changed by IT \(jira-service-management [A-Z]+-\d+\)$/,
      );
      const failed = ended.find(a => a.status === 'failed')!;
      expect(failed.detail).toMatch(
        new RegExp(
          `^IT did not make the change \\(jira-service-management ${declined.issueKey}\\): .+`,
        ),
      );

      // Each action handed over once and done once, however many ticks.
      await work();
      const events = await api.call(
        'GET',
        `/audit-events?instanceId=${figma.id}&type=action.waiting-on-it,action.done,action.failed&limit=500`,
      );
      const byType = (type: string) =>
        events.items
          .filter((e: any) => e.type === type)
          .map((e: any) => e.actionId)
          .sort();
      expect(byType('action.waiting-on-it')).toEqual(
        ended.map(a => a.id).sort(),
      );
      expect(byType('action.done')).toEqual(done.map(a => a.id).sort());
      expect(byType('action.failed')).toEqual([failed.id]);
      expect(tickets()).toHaveLength(people.length);

      // Okta was never asked to change these licenses.
      const writes: Array<{ login: string }> = await fetch(
        `${sandbox.urls.inspector}/api/okta/writes`,
      ).then(r => r.json());
      expect(writes.filter(w => people.includes(w.login))).toEqual([]);
    });

    it('reclaims Miro, which Okta does not provision, through one ticket per person, and starts no second run while IT works', async () => {
      const api = workflowsTestApi(base, ADMIN);
      const work = async () => {
        await scheduler.triggerTask('provisioning-workflows:jobs');
        await scheduler.triggerTask('provisioning-workflows:workflow-tick');
      };
      // Casey, a contractor in Okta but not in the catalog, has Miro too:
      // Home finds no one to give the request to and refuses it.
      const dir = sandbox.state.directory;
      const casey = [...dir.users.values()].find(u =>
        u.profile.login.startsWith('casey.wong@'),
      )!;
      const miroApp = [...dir.apps.values()].find(a => a.label === 'Miro')!;
      dir.appDirectUsers
        .get(miroApp.id)!
        .set(casey.id, '2026-01-05T09:00:00.000Z');
      const miro = await api.syncedInstance('Miro');
      await api.saveWorkflow(miro.id, {
        rules: [
          {
            name: 'Miro boards nobody opens',
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            outcome: { action: 'deprovision' },
          },
        ],
        newHireDays: 0,
        notifications: { enabled: false, daysBefore: 0, allowOptOut: false },
        mode: 'automatic',
      });
      const before = sandbox.state.desk.requests.length;
      const run = await api.startRun(miro.id);
      const planned = await api.until(
        async () => {
          await work();
          const actions = await api.actions(run.id);
          return actions.length &&
            actions.every(a => ['waiting-on-it', 'failed'].includes(a.status))
            ? actions
            : undefined;
        },
        Boolean,
        60_000,
      );
      const refused = planned!.filter(a => a.status === 'failed');
      expect(refused.map(a => [a.email, a.detail])).toEqual([
        [
          casey.profile.email,
          `Okta cannot make this change (Okta does not provision this app, so removing it in Okta would leave the license in the app), and it could not go to IT: Productiv Home refused to hand the change to IT (404): No one in the catalog has e-mail ${casey.profile.email}`,
        ],
      ]);
      const waiting = planned!.filter(a => a.status === 'waiting-on-it');
      expect(waiting[0].detail).toBe(
        'Waiting on IT: Okta does not provision this app, so removing it in Okta would leave the license in the app',
      );
      const tickets = () => sandbox.state.desk.requests.slice(before);
      await api.until(
        async () => tickets().length >= waiting.length,
        Boolean,
        30_000,
      );
      expect(tickets()).toHaveLength(waiting.length);
      expect(String(tickets()[0].fields.summary)).toMatch(
        /^Remove Miro license from .+ \[ph[0-9a-f]+\]$/,
      );

      // The run is not over while IT works: no second run starts.
      await expect(api.startRun(miro.id)).rejects.toThrow(
        /A run of Miro's workflow is in progress/,
      );

      for (const t of tickets()) {
        await fetch(
          `${sandbox.urls.inspector}/api/jira/requests/${t.issueKey}/resolve`,
          { method: 'POST' },
        );
      }
      const finished = await api.until(
        async () => {
          await work();
          const r = await api.run(run.id);
          return r.status === 'succeeded' ? r : undefined;
        },
        Boolean,
        60_000,
      );
      expect(finished!.counts).toEqual({ done: waiting.length, failed: 1 });
      expect(tickets()).toHaveLength(waiting.length);
      // Okta was not asked to unassign anyone: IT removed the licenses.
      const writes: Array<{ kind: string; target: string }> = await fetch(
        `${sandbox.urls.inspector}/api/okta/writes`,
      ).then(r => r.json());
      expect(writes.filter(w => w.target === 'Miro')).toEqual([]);
    });
  },
);
