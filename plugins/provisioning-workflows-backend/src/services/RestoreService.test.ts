import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JobRunner } from '@internal/durable-jobs';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import { OktaLicenseExecutor } from '@internal/plugin-provisioning-workflows-backend-module-okta';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { RESTORE_JOB } from '../engine/LicenseRestorer';
import { AppAuthorization } from './AppAuthorization';
import { createRestoresService } from './restores/createRestoresService';
import {
  adminCredentials,
  createWorkflowHarness,
  sandboxOktaConfig,
  workflowRuleset,
} from './__testUtils__/workflowHarness';

jest.setTimeout(240_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');
const RULE = 'Editors who barely use it';

/** Allows everything to the Productiv admin, nothing to anyone else. */
const adminOnly: PermissionsService = {
  authorize: async (requests, { credentials }) =>
    requests.map(() => ({ result: decide(credentials) })),
  authorizeConditional: async (requests, { credentials }) =>
    requests.map(() => ({ result: decide(credentials) })) as any,
};
function decide(credentials: BackstageCredentials) {
  const ref = (credentials.principal as { userEntityRef?: string })
    .userEntityRef;
  return ref === 'user:default/productiv-admin'
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

describe('restore after reclaim, against the sandbox through the Okta SDK', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;
  let clock = END + 3600_000;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false, now: () => clock });
  });
  afterAll(() => sandbox.stop());

  async function setup(databaseId: TestDatabaseId) {
    clock = END + 3600_000;
    await sandbox.stop();
    sandbox = await startSandbox({ activity: false, now: () => clock });
    sandbox.generateActivity({ days: 90, end: END, seed: 7 });
    const knex = await databases.init(databaseId);
    const h = await createWorkflowHarness({ knex, sandbox, now: () => clock });
    await h.sync.run();
    await h.ingest.run();
    const apps = new AppAuthorization({
      inventory: h.inventory,
      permissions: adminOnly,
      ruleset: workflowRuleset as any,
      appAdmins: new Map(),
    });
    const restores = createRestoresService({
      store: h.store,
      inventory: h.inventory,
      apps,
      permissions: adminOnly,
      executor: OktaLicenseExecutor.fromConfig(sandboxOktaConfig(sandbox)),
      appBaseUrl: 'http://portal.example.com',
      now: () => clock,
    });
    return { ...h, restores };
  }

  const figma = () =>
    [...sandbox.state.directory.apps.values()].find(a => a.label === 'Figma')!;
  const editorGroup = () =>
    [...sandbox.state.directory.groups.values()].find(
      g => g.profile.name === 'Figma Editor',
    )!;
  const writesFor = (userId: string) =>
    sandbox.state.directory.writes
      .filter(w => w.userId === userId)
      .map(w => [w.kind, w.changed]);

  const definition = (
    restore?: WorkflowDefinition['restore'],
  ): WorkflowDefinition => ({
    newHireDays: 0,
    notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
    mode: 'automatic',
    rules: [
      {
        name: RULE,
        condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
        tiers: ['editor'],
        outcome: { action: 'deprovision' },
      },
    ],
    ...(restore ? { restore } : {}),
  });

  /** Runs the workflow on Figma; answers its done actions with their people's catalog users. */
  async function reclaim(h: Awaited<ReturnType<typeof setup>>) {
    await h.service.saveWorkflow(figma().id, definition(), {
      credentials: adminCredentials,
    });
    const run = await h.service.startRun(
      figma().id,
      { dryRun: false },
      { credentials: adminCredentials },
    );
    await h.drain();
    const { items } = await h.service.listActions(
      { runId: run.id, limit: 1000, offset: 0 },
      { credentials: adminCredentials },
    );
    const done = [];
    for (const a of items.filter(i => i.status === 'done')) {
      const ref = await h.store.entityRefOf(a.oktaUserId);
      if (ref) done.push({ ...a, ref });
    }
    return { run, done, all: items };
  }

  it.each(databases.eachSupportedId())(
    'gives a reclaimed person their license back in one click, once however the job is retried, and counts it in the rule’s regret rate (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const { run, done } = await reclaim(h);
      expect(done.length).toBeGreaterThanOrEqual(3);
      const [person, other] = done;
      const as = (ref: string) => ({ credentials: mockCredentials.user(ref) });
      expect(
        sandbox.state.directory.members
          .get(editorGroup().id)!
          .has(person.oktaUserId),
      ).toBe(false);

      // What My access shows: by name, with the rule that took it.
      const taken = await h.restores.takenBack(undefined, as(person.ref));
      expect(taken).toEqual([
        expect.objectContaining({
          actionId: person.id,
          appName: 'Figma',
          action: 'deprovision',
          fromTierName: 'Editor',
          automation: `Figma license automation, rule “${RULE}”`,
          restorable: true,
          restoreUntil: new Date(
            Date.parse(person.updatedAt) + 30 * DAY,
          ).toISOString(),
        }),
      ]);

      // Another employee can neither see nor restore it.
      await expect(
        h.restores.restore(person.id, as(other.ref)),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        h.restores.takenBack(person.ref, as(other.ref)),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });

      // The person restores; asking again answers the same restore.
      const first = await h.restores.restore(person.id, as(person.ref));
      expect(first).toMatchObject({
        created: true,
        restore: {
          status: 'queued',
          runId: run.id,
          rule: 0,
          ruleName: RULE,
          tier: 'editor',
          tierName: 'Editor',
          entityRef: person.ref,
        },
      });
      const again = await h.restores.restore(person.id, as(person.ref));
      expect(again).toMatchObject({
        created: false,
        restore: { id: first.restore.id },
      });

      // The first try's answer is lost (Okta answers after the job's
      // timeout, the write lands anyway); the retry finds the membership.
      const runner = new JobRunner({
        store: h.jobs,
        worker: 'restore-test',
        handlers: { [RESTORE_JOB]: h.engine.handlers()[RESTORE_JOB] },
        timeoutMs: 1000,
        backoff: { baseMs: 10, factor: 2, maxMs: 100 },
        onFinished: h.engine.onFinished,
      });
      sandbox.state.faults.set('okta', { delayRate: 1, delayMs: 700 });
      expect(await runner.runOnce()).toMatchObject({ retried: 1 });
      await new Promise(r => setTimeout(r, 1500));
      sandbox.state.faults.reset();
      await new Promise(r => setTimeout(r, 700));
      expect(await runner.runOnce()).toMatchObject({ succeeded: 1 });
      expect(
        sandbox.state.directory.members
          .get(editorGroup().id)!
          .has(person.oktaUserId),
      ).toBe(true);
      expect(writesFor(person.oktaUserId)).toEqual([
        ['group.user.remove', true],
        ['group.user.add', true],
      ]);
      const restored = await h.store.restoreOfAction(person.id);
      expect(restored).toMatchObject({
        status: 'done',
        restoredAt: new Date(clock).toISOString(),
      });

      // The results: the rule's regret rate counts them.
      const results = await h.service.results(figma().id, {
        credentials: adminCredentials,
      });
      const changed = results.actions.done!;
      expect(results.regret).toEqual([
        {
          rule: 0,
          ruleName: RULE,
          changed,
          restored: 1,
          regretRate: 1 / changed,
          netSeats: changed - 1,
          monthlySaving: expect.any(Number),
          restoredSaving: person.monthlySaving,
          netMonthlySaving: expect.any(Number),
        },
      ]);
      const regret = results.regret![0];
      expect(regret.monthlySaving).toBeCloseTo(results.monthlySaving, 2);
      expect(regret.netMonthlySaving).toBeCloseTo(
        results.monthlySaving - person.monthlySaving,
        2,
      );
      expect(results.restores).toEqual([
        expect.objectContaining({ actionId: person.id, status: 'done' }),
      ]);

      // The audit events API: attributed to the run, the rule, the action, the actor.
      const events = await h.service.listEvents(
        { types: ['restore.requested', 'restore.done'], limit: 10 },
        { credentials: adminCredentials },
      );
      expect(events.items.map(e => [e.type, e.actor])).toEqual([
        ['restore.done', 'provisioning-workflows'],
        ['restore.requested', person.ref],
      ]);
      for (const e of events.items) {
        expect(e).toMatchObject({
          runId: run.id,
          actionId: person.id,
          instanceId: figma().id,
          appKey: 'figma',
          detail: expect.objectContaining({ rule: 0, ruleName: RULE }),
        });
      }
      expect(
        (await h.restores.takenBack(undefined, as(person.ref)))[0],
      ).toMatchObject({
        restorable: false,
        restore: { status: 'done' },
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a restore after the window or when the app needs an approval, saying to request it in Productiv Home (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const { done } = await reclaim(h);
      const [late] = done;
      const as = (ref: string) => ({ credentials: mockCredentials.user(ref) });
      const writes = sandbox.state.directory.writes.length;

      clock += 31 * DAY;
      const refusal =
        /^The 30-day restore window ended on .*; request Figma Editor in Productiv Home: http:\/\/portal\.example\.com\/productiv-home\?tab=apps$/;
      await expect(
        h.restores.restore(late.id, as(late.ref)),
      ).rejects.toMatchObject({ name: 'ConflictError', message: refusal });
      expect(
        (await h.restores.takenBack(undefined, as(late.ref)))[0],
      ).toMatchObject({
        restorable: false,
        refusal: expect.stringMatching(refusal),
      });

      // A longer window set on the app's workflow, with approval required.
      await h.service.saveWorkflow(
        figma().id,
        definition({ windowDays: 60, approval: 'required' }),
        { credentials: adminCredentials },
      );
      await expect(
        h.restores.restore(late.id, as(late.ref)),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(
          /^Figma's settings need an approval to give a license back; request Figma Editor in Productiv Home/,
        ),
      });
      // An admin may restore for them once the settings allow it.
      await h.service.saveWorkflow(
        figma().id,
        definition({ windowDays: 60, approval: 'none' }),
        { credentials: adminCredentials },
      );
      await expect(
        h.restores.restore(late.id, { credentials: adminCredentials }),
      ).resolves.toMatchObject({
        created: true,
        restore: { requestedBy: 'user:default/productiv-admin' },
      });
      expect(sandbox.state.directory.writes.length).toBe(writes);
      await h.drain();
      expect(writesFor(late.oktaUserId)).toEqual([
        ['group.user.remove', true],
        ['group.user.add', true],
      ]);

      // What a dry run planned was never taken: nothing to restore.
      const dry = await h.service.startRun(
        figma().id,
        { dryRun: true },
        { credentials: adminCredentials },
      );
      await h.drain();
      const { items: planned } = await h.service.listActions(
        { runId: dry.id, limit: 1, offset: 0 },
        { credentials: adminCredentials },
      );
      expect(planned[0].status).toBe('dry-run');
      await expect(
        h.restores.restore(planned[0].id, { credentials: adminCredentials }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/^Nothing to restore/),
      });
      await expect(
        h.restores.restore('3f1e0c9a-0000-4000-8000-000000000000', {
          credentials: adminCredentials,
        }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    },
  );
});
