import { TestDatabases } from '@backstage/backend-test-utils';
import { demoUserEntities, Sandbox, startSandbox } from '@internal/sandbox';
import { pluginContract } from './__testUtils__/contract';
import { callAs } from './__testUtils__/homeBackend';
import { inProduction } from './__testUtils__/production';
import { until } from './__testUtils__/until';
import { startWorkflowsBackend } from './__testUtils__/workflowsBackend';

/**
 * The contract of every provisioning-workflows route, on SQLite and
 * PostgreSQL, with NODE_ENV=production, against the sandbox's Okta: each
 * operation of the spec answers at least one success and its failures (bad
 * input and non-UUID ids 400, anonymous 401, refused 403, unknown 404,
 * conflicts 409, oversized 413), every answer is one the spec declares,
 * and every error body is Backstage's.
 */

jest.setTimeout(180_000);

const SUPER = 'alex.morgan';
const FIGMA_ADMIN = 'james.walker'; // product-engineering
const EMPLOYEE = 'emma.jones';
const ANONYMOUS = undefined;
const UNKNOWN_ID = '4f7b8f2e-8f7e-4f59-9a43-0b8b3c1f5d11';
/** More than the 100kb a JSON body may have (4mb for the exempt lists). */
const oversized = (size = 150_000) => 'x'.repeat(size);

/** Everyone assigned for a day or more matches. */
const everyone = (outcome: object) => ({
  newHireDays: 0,
  rules: [
    { condition: { type: 'fewSignIns', days: 1, signIns: 100000 }, outcome },
  ],
});
const deprovision = { action: 'deprovision' };

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the provisioning workflows contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-provisioning-workflows-backend',
      '/api/provisioning-workflows',
    );
    let sandbox: Sandbox;
    let api: ReturnType<typeof callAs>;
    const instances: Record<string, string> = {};
    inProduction();
    beforeAll(async () => {
      sandbox = await startSandbox({ activity: { days: 90 } });
      const { server } = await startWorkflowsBackend(
        databases,
        databaseId,
        sandbox,
      );
      api = callAs(server, '/api/provisioning-workflows', t =>
        contract.checked(t),
      );
    });
    afterAll(() => sandbox.stop());
    const status = async (...args: Parameters<typeof api>) =>
      (await api(...args)).status;

    it('answers the inventory routes, synced from Okta', async () => {
      expect(await status('get', '/health')).toBe(200);
      expect(await status('get', '/health?verbose=true')).toBe(400);
      expect(await status('post', '/sync/inventory', FIGMA_ADMIN)).toBe(403);
      expect(await status('post', '/sync/inventory', ANONYMOUS)).toBe(401);
      expect(await status('post', '/sync/everything', SUPER)).toBe(400);
      expect(await status('post', '/sync/inventory', SUPER)).toBe(202);
      const sync = await until(
        () => api('get', '/runs?kind=inventory-sync', SUPER),
        r => ['succeeded', 'failed'].includes(r.body.items[0]?.status),
      );
      expect(sync.body.items[0]).toMatchObject({ status: 'succeeded' });
      const synced = await api('get', '/apps', SUPER);
      expect(synced.body.items.length).toBeGreaterThan(3);
      for (const app of synced.body.items) {
        instances[app.key] = app.instances[0].id;
      }
      expect(await status('post', '/sync/activity', SUPER)).toBe(202);
      await until(
        () => api('get', '/runs?kind=activity-ingest', SUPER),
        r => r.body.items[0]?.status === 'succeeded',
      );
      expect(await status('get', '/runs?limit=0', SUPER)).toBe(400);
      expect(await status('get', '/runs', EMPLOYEE)).toBe(403);
      expect(await status('get', '/runs', ANONYMOUS)).toBe(401);
      expect(await status('get', '/apps', EMPLOYEE)).toBe(403);
      expect(await status('get', '/apps', ANONYMOUS)).toBe(401);
      // The savings dashboard: inventory readers only.
      expect(await status('get', '/dashboard', SUPER)).toBe(200);
      expect(await status('get', '/dashboard', EMPLOYEE)).toBe(403);
      expect(await status('get', '/dashboard', ANONYMOUS)).toBe(401);

      const figma = instances.figma;
      const assignments = `/instances/${figma}/assignments`;
      expect(
        (await api('get', assignments, SUPER)).body.items.length,
      ).toBeGreaterThan(0);
      expect(await status('get', '/instances/0oaNope/assignments', SUPER)).toBe(
        404,
      );
      expect(await status('get', assignments, EMPLOYEE)).toBe(403);
      expect(await status('get', assignments, ANONYMOUS)).toBe(401);

      const tiers = `/instances/${figma}/tiers`;
      const current = (await api('get', '/apps', SUPER)).body.items.find(
        (a: any) => a.key === 'figma',
      ).instances[0].tiers;
      const body = {
        tiers: current.map((t: any) => ({
          tier: t.tier,
          groupId: t.groupId,
          monthlyPrice: 15,
        })),
      };
      expect(await status('put', tiers, SUPER, body)).toBe(200);
      expect(
        await status('put', tiers, SUPER, { tiers: [{ tier: 'Editor!' }] }),
      ).toBe(400);
      expect(await status('put', '/instances/0oaNope/tiers', SUPER, body)).toBe(
        404,
      );
      expect(await status('put', tiers, EMPLOYEE, body)).toBe(403);
      expect(await status('put', tiers, ANONYMOUS, body)).toBe(401);
      expect(
        await status('put', tiers, SUPER, {
          tiers: [{ tier: 'editor', groupId: oversized() }],
        }),
      ).toBe(413);

      expect(await status('get', '/people/unmatched', SUPER)).toBe(200);
      expect(await status('get', '/people/unmatched', EMPLOYEE)).toBe(403);
      expect(await status('get', '/people/unmatched', ANONYMOUS)).toBe(401);
      const peers = (who: string) =>
        `/people/peer-usage?entityRef=user:default/${who}`;
      expect(await status('get', peers(EMPLOYEE), EMPLOYEE)).toBe(200);
      expect(await status('get', peers('liam.patel'), EMPLOYEE)).toBe(403);
      expect(await status('get', peers('nobody.here'), SUPER)).toBe(404);
      expect(
        await status('get', '/people/peer-usage?entityRef=emma', EMPLOYEE),
      ).toBe(400);
      expect(await status('get', peers(EMPLOYEE), ANONYMOUS)).toBe(401);
      // A person's own holdings need no permission; another's do.
      const holdings = (who: string) =>
        `/people/holdings?entityRef=user:default/${who}`;
      expect(await status('get', holdings(EMPLOYEE), EMPLOYEE)).toBe(200);
      expect(await status('get', holdings('liam.patel'), EMPLOYEE)).toBe(403);
      expect(await status('get', holdings('liam.patel'), SUPER)).toBe(200);
      expect(await status('get', holdings(EMPLOYEE), ANONYMOUS)).toBe(401);
      // A team's apps: its members and the admins; nobody else.
      const team = (name: string) =>
        `/teams/usage?entityRef=group:default/${name}`;
      expect(await status('get', team('platform-engineering'), EMPLOYEE)).toBe(
        200,
      );
      expect(await status('get', team('finance'), EMPLOYEE)).toBe(403);
      expect(await status('get', team('finance'), SUPER)).toBe(200);
      expect(await status('get', team('no-such-team'), SUPER)).toBe(404);
      expect(await status('get', '/teams/usage?entityRef=emma', EMPLOYEE)).toBe(
        400,
      );
      expect(await status('get', team('platform-engineering'), ANONYMOUS)).toBe(
        401,
      );
    });

    it('answers the workflow routes through set-up, preview and runs', async () => {
      const figma = `/workflows/${instances.figma}`;
      const salesforce = `/workflows/${instances.salesforce}`;
      expect(
        (await api('get', '/workflows', FIGMA_ADMIN)).body.items.map(
          (i: any) => i.appKey,
        ),
      ).toEqual(['figma']);
      expect(await status('get', '/workflows', ANONYMOUS)).toBe(401);
      expect(await status('get', figma, FIGMA_ADMIN)).toBe(200);
      expect(await status('get', '/workflows/0oaNope', SUPER)).toBe(404);
      expect(await status('get', salesforce, FIGMA_ADMIN)).toBe(403);
      expect(await status('get', figma, ANONYMOUS)).toBe(401);

      // Not set up yet: nothing to pause, preview or run.
      expect(
        await status('put', `${figma}/status`, FIGMA_ADMIN, {
          status: 'paused',
        }),
      ).toBe(409);
      expect(await status('post', `${figma}/preview`, FIGMA_ADMIN)).toBe(409);
      expect(await status('post', `${figma}/runs`, FIGMA_ADMIN, {})).toBe(409);

      // With warnings first, so the run waits with everyone notified.
      const warned = {
        ...everyone(deprovision),
        notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
      };
      expect(await status('put', figma, FIGMA_ADMIN, warned)).toBe(200);
      const bad = await api('put', figma, FIGMA_ADMIN, {
        rules: [
          { condition: { type: 'noSignIn', days: -1 }, outcome: deprovision },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/rules\.0\.condition\.days/);
      expect(await status('put', '/workflows/0oaNope', SUPER, warned)).toBe(
        404,
      );
      expect(await status('put', salesforce, FIGMA_ADMIN, warned)).toBe(403);
      expect(await status('put', figma, ANONYMOUS, warned)).toBe(401);
      expect(
        await status('put', figma, FIGMA_ADMIN, {
          ...warned,
          schedule: oversized(),
        }),
      ).toBe(413);

      const pause = (who?: string, body: object = { status: 'paused' }) =>
        status('put', `${figma}/status`, who, body);
      expect(await pause(FIGMA_ADMIN)).toBe(200);
      expect(await pause(FIGMA_ADMIN, { status: 'asleep' })).toBe(400);
      expect(await pause(EMPLOYEE)).toBe(403);
      expect(await pause(ANONYMOUS)).toBe(401);
      expect(await pause(FIGMA_ADMIN, { status: 'active' })).toBe(200);

      const preview = await api('post', `${figma}/preview`, FIGMA_ADMIN, {});
      expect(preview.body.total).toBeGreaterThan(0);
      expect(
        await status('post', `${figma}/preview?limit=-1`, FIGMA_ADMIN, {}),
      ).toBe(400);
      expect(await status('post', `${figma}/preview`, EMPLOYEE, {})).toBe(403);
      expect(await status('post', `${figma}/preview`, ANONYMOUS, {})).toBe(401);

      // The backtest: a past day over the ingested 90 days, the same
      // permission as the preview; a day not in the past, or not one of
      // the offered day counts, is a 400.
      const backtest = await api('post', `${figma}/backtest`, FIGMA_ADMIN, {
        daysAgo: 30,
      });
      expect(backtest.status).toBe(200);
      expect(backtest.body.assignedUsers).toBeGreaterThan(0);
      expect(
        await status('post', `${figma}/backtest`, FIGMA_ADMIN, { daysAgo: 45 }),
      ).toBe(400);
      const future = await api('post', `${figma}/backtest`, FIGMA_ADMIN, {
        asOf: '2999-01-01',
      });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toMatch(/^asOf: /);
      expect(
        await status('post', `${figma}/backtest`, EMPLOYEE, { daysAgo: 30 }),
      ).toBe(403);
      expect(
        await status('post', `${figma}/backtest`, ANONYMOUS, { daysAgo: 30 }),
      ).toBe(401);

      const run = await api('post', `${figma}/runs`, FIGMA_ADMIN, {});
      expect(run.status).toBe(202);
      expect(
        await status('post', `${figma}/runs`, FIGMA_ADMIN, { dryRun: 'yes' }),
      ).toBe(400);
      expect(await status('post', `${figma}/runs`, EMPLOYEE, {})).toBe(403);
      expect(await status('post', `${figma}/runs`, ANONYMOUS, {})).toBe(401);
      const waiting = await until(
        () => api('get', `/workflow-runs/${run.body.id}`, FIGMA_ADMIN),
        r => r.body.status === 'waiting',
      );
      expect(waiting.body.counts.notified).toBe(preview.body.total);
      const runId = `/workflow-runs/${run.body.id}`;
      expect(await status('get', `/workflow-runs/${UNKNOWN_ID}`, SUPER)).toBe(
        404,
      );
      expect(await status('get', runId, EMPLOYEE)).toBe(403);
      expect(await status('get', runId, ANONYMOUS)).toBe(401);

      expect(await status('get', `${figma}/runs`, FIGMA_ADMIN)).toBe(200);
      expect(await status('get', `${figma}/runs?limit=0`, FIGMA_ADMIN)).toBe(
        400,
      );
      expect(await status('get', `${figma}/runs`, EMPLOYEE)).toBe(403);
      expect(await status('get', `${figma}/runs`, ANONYMOUS)).toBe(401);
      expect(await status('get', `${figma}/results`, FIGMA_ADMIN)).toBe(200);
      expect(await status('get', `${figma}/results`, EMPLOYEE)).toBe(403);
      expect(await status('get', `${figma}/results`, ANONYMOUS)).toBe(401);

      const actions = `/workflow-actions?runId=${run.body.id}`;
      const listed = await api('get', actions, FIGMA_ADMIN);
      expect(listed.body.total).toBe(preview.body.total);
      expect(await status('get', '/workflow-actions?runId=nope', SUPER)).toBe(
        400,
      );
      expect(await status('get', actions, EMPLOYEE)).toBe(403);
      expect(await status('get', actions, ANONYMOUS)).toBe(401);

      // A warned person keeps their license, once; nobody else can for them.
      const action = listed.body.items.find((a: any) => personOf(a.email));
      const other = listed.body.items.find((a: any) => a.id !== action.id);
      const person = personOf(action.email)!;
      expect(
        (await api('get', '/warnings', person)).body.items.map(
          (a: any) => a.id,
        ),
      ).toEqual([action.id]);
      expect(await status('get', '/warnings', ANONYMOUS)).toBe(401);
      const optOut = (who?: string, id = action.id) =>
        status('post', `/warnings/${id}/opt-out`, who);
      expect(await optOut(person, other.id)).toBe(404);
      expect(await optOut(person, UNKNOWN_ID)).toBe(404);
      expect(await optOut(ANONYMOUS)).toBe(401);
      const kept = await api('post', `/warnings/${action.id}/opt-out`, person);
      expect(kept.body.status).toBe('opted-out');
      // Opting out twice keeps the license all the same.
      expect(await optOut(person)).toBe(200);
      // A dry run warns nobody: too late to opt out of what it would do.
      const dry = await api('post', `${figma}/runs`, FIGMA_ADMIN, {
        dryRun: true,
      });
      expect(dry.status).toBe(202);
      await until(
        () => api('get', `/workflow-runs/${dry.body.id}`, FIGMA_ADMIN),
        r => r.body.status === 'succeeded',
      );
      const dryActions = await api(
        'get',
        `/workflow-actions?runId=${dry.body.id}&limit=1000`,
        FIGMA_ADMIN,
      );
      const rehearsed = dryActions.body.items.find((a: any) =>
        personOf(a.email),
      );
      expect(rehearsed.status).toBe('dry-run');
      expect(await optOut(personOf(rehearsed.email), rehearsed.id)).toBe(409);

      // Suggestions, from a run in suggestions mode on Salesforce.
      await api('put', salesforce, SUPER, {
        ...everyone(deprovision),
        mode: 'suggest',
      });
      const suggesting = await api('post', `${salesforce}/runs`, SUPER, {});
      await until(
        () => api('get', `/workflow-runs/${suggesting.body.id}`, SUPER),
        r => r.body.status === 'succeeded',
      );
      const [suggestion] = (
        await api('get', `/workflow-actions?runId=${suggesting.body.id}`, SUPER)
      ).body.items;
      const decide = (who: string | undefined, body: object) =>
        status('post', '/suggestions/decide', who, body);
      const dismiss = { ids: [suggestion.id], decision: 'dismiss' };
      expect(await decide(FIGMA_ADMIN, dismiss)).toBe(403);
      expect(await decide(ANONYMOUS, dismiss)).toBe(401);
      expect(await decide(SUPER, { ...dismiss, ids: ['nope'] })).toBe(400);
      expect(await decide(SUPER, { ...dismiss, ids: [UNKNOWN_ID] })).toBe(404);
      expect(await decide(SUPER, dismiss)).toBe(200);
      expect(await decide(SUPER, { ...dismiss, comment: oversized() })).toBe(
        413,
      );
    });

    it('answers the exemption and audit routes', async () => {
      const scope = instances.figma;
      const add = (who: string | undefined, body: object) =>
        status('post', '/exemptions', who, body);
      const entries = [{ value: 'nina.petrov@acme.example.com' }];
      expect(await add(FIGMA_ADMIN, { scope, entries })).toBe(201);
      expect(await add(FIGMA_ADMIN, { scope, csv: 'someone' })).toBe(400);
      expect(await add(FIGMA_ADMIN, { scope: 'global', entries })).toBe(403);
      expect(await add(ANONYMOUS, { scope, entries })).toBe(401);
      expect(await add(SUPER, { scope, csv: oversized(4_500_000) })).toBe(413);
      const listed = await api(
        'get',
        `/exemptions?scope=${scope}`,
        FIGMA_ADMIN,
      );
      expect(listed.body.items.map((e: any) => e.value)).toEqual([
        'nina.petrov@acme.example.com',
      ]);
      expect(await status('get', `/exemptions?scope=${scope}`, EMPLOYEE)).toBe(
        403,
      );
      expect(await status('get', '/exemptions', ANONYMOUS)).toBe(401);
      const remove = (who?: string, id = listed.body.items[0].id) =>
        status('delete', `/exemptions/${id}`, who);
      expect(await remove(EMPLOYEE)).toBe(403);
      expect(await remove(ANONYMOUS)).toBe(401);
      expect(await remove(FIGMA_ADMIN, UNKNOWN_ID)).toBe(404);
      expect(await remove(FIGMA_ADMIN)).toBe(204);

      expect(await status('get', '/audit-events', SUPER)).toBe(200);
      expect(await status('get', '/audit-events?type=nope', SUPER)).toBe(400);
      expect(await status('get', '/audit-events', EMPLOYEE)).toBe(403);
      expect(await status('get', '/audit-events', ANONYMOUS)).toBe(401);

      // Ids that are not UUIDs, on every route that takes one.
      for (const [method, path] of [
        ['get', '/workflow-runs/run-1'],
        ['delete', '/exemptions/nina'],
        ['post', '/warnings/action-1/opt-out'],
      ] as const) {
        const answer = await api(method, path, SUPER);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect(answer.body.error.message).toMatch(
          /^Invalid request: \w+: must be an? \w+ id \(a UUID\)$/,
        );
      }
      // A query parameter that a route does not take is refused.
      for (const path of [
        '/apps',
        `/instances/${scope}/assignments`,
        '/people/unmatched',
        '/workflows',
        `/workflows/${scope}`,
        `/workflows/${scope}/results`,
        '/warnings',
      ]) {
        const answer = await api('get', `${path}?sort=name`, SUPER);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect(answer.body.error.message).toBe(
          "Unknown query parameter 'sort'",
        );
      }
    });

    it('answers the restore routes after a run took licenses', async () => {
      const apps = (await api('get', '/apps', SUPER)).body.items;
      const tableauId = apps.find((a: any) => a.name === 'Tableau').instances[0]
        .id;
      const tableau = `/workflows/${tableauId}`;
      expect(await status('put', tableau, SUPER, everyone(deprovision))).toBe(
        200,
      );
      const taking = await api('post', `${tableau}/runs`, SUPER, {});
      expect(taking.status).toBe(202);
      await until(
        () => api('get', `/workflow-runs/${taking.body.id}`, SUPER),
        r => r.body.status === 'succeeded',
      );
      const { items } = (
        await api(
          'get',
          `/workflow-actions?runId=${taking.body.id}&limit=1000`,
          SUPER,
        )
      ).body;
      const taken = items.find(
        (a: any) =>
          a.status === 'done' &&
          personOf(a.email) &&
          personOf(a.email) !== EMPLOYEE,
      );
      const person = personOf(taken.email)!;

      const listed = await api('get', '/people/taken-back', person);
      expect(listed.status).toBe(200);
      expect(listed.body.items[0]).toMatchObject({
        actionId: taken.id,
        appName: 'Tableau',
        restorable: true,
      });
      const other = `/people/taken-back?entityRef=${encodeURIComponent(
        `user:default/${person}`,
      )}`;
      expect(await status('get', other, EMPLOYEE)).toBe(403);
      expect(await status('get', '/people/taken-back', ANONYMOUS)).toBe(401);
      expect(await status('get', '/people/taken-back?sort=name', person)).toBe(
        400,
      );

      const restore = (who: string | undefined, id = taken.id) =>
        status('post', `/workflow-actions/${id}/restore`, who);
      expect(await restore(EMPLOYEE)).toBe(403);
      expect(await restore(ANONYMOUS)).toBe(401);
      expect(await restore(SUPER, 'action-1')).toBe(400);
      expect(await restore(SUPER, UNKNOWN_ID)).toBe(404);
      expect(await restore(person)).toBe(201);
      expect(await restore(person)).toBe(200);
      // What a run did not do cannot be restored.
      const kept = items.find((a: any) => a.status !== 'done');
      const dry = await api('post', `${tableau}/runs`, SUPER, { dryRun: true });
      await until(
        () => api('get', `/workflow-runs/${dry.body.id}`, SUPER),
        r => r.body.status === 'succeeded',
      );
      const [rehearsed] = (
        await api('get', `/workflow-actions?runId=${dry.body.id}`, SUPER)
      ).body.items;
      expect(await restore(SUPER, (kept ?? rehearsed).id)).toBe(409);
    });

    it('covered every operation of the spec with a 2xx and a 4xx answer', () => {
      expect(contract.untested()).toEqual([]);
      expect(contract.checks()).toBeGreaterThan(100);
    });
  },
);

/** The demo person in the catalog with this e-mail, by name (`emma.jones`). */
function personOf(email: string): string | undefined {
  return demoUserEntities().find(u => (u.spec as any)?.profile?.email === email)
    ?.metadata.name;
}
