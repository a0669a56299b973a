import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  WorkflowDefinition,
  RECOMMENDED_WORKFLOWS,
} from '@internal/plugin-provisioning-workflows-common';
import {
  loadOrg,
  Sandbox,
  startSandbox,
  usageFromLog,
} from '@internal/sandbox';
import {
  adminCredentials,
  createWorkflowHarness,
  WorkflowHarness,
} from './__testUtils__/workflowHarness';
import knexFactory from 'knex';
import { WarningSender } from '../engine/WarningSender';

jest.setTimeout(240_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');

const base: Omit<WorkflowDefinition, 'rules'> = {
  newHireDays: 30,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  mode: 'automatic',
};

describe('workflows against the sandbox with generated activity', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const org = loadOrg();
  let sandbox: Sandbox;
  let clock = END + 3600_000;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false, now: () => clock });
  });
  afterAll(() => sandbox.stop());

  let warnings: Parameters<WarningSender>[0][];
  async function setup(databaseId: TestDatabaseId) {
    clock = END + 3600_000;
    warnings = [];
    // A fresh Okta org per test: the runs below change memberships.
    await sandbox.stop();
    sandbox = await startSandbox({ activity: false, now: () => clock });
    sandbox.generateActivity({ days: 90, end: END, seed: 7 });
    // One person joined two weeks ago: a new hire, exempt for 30 days.
    const newHire = [...sandbox.state.directory.users.values()].find(
      u => u.profile.email === 'liam.patel@acme.example.com',
    )!;
    newHire.created = new Date(clock - 14 * DAY).toISOString();
    const knex = await databases.init(databaseId);
    const h = await createWorkflowHarness({
      knex,
      sandbox,
      now: () => clock,
      warnings,
    });
    await h.sync.run();
    await h.ingest.run();
    return { ...h, knex };
  }

  function instanceOf(label: string) {
    const app = [...sandbox.state.directory.apps.values()].find(
      a => a.label === label,
    )!;
    return app;
  }

  /** The tier group of each assigned person, straight from the sandbox. */
  function holders(appId: string) {
    const dir = sandbox.state.directory;
    return dir.appUsers(appId).map(u => ({
      ...u,
      email: dir.users.get(u.userId)!.profile.email.toLowerCase(),
      created: Date.parse(dir.users.get(u.userId)!.created),
      // Since when they hold the app, as Okta serves it (app user `created`).
      assigned: Date.parse(u.created),
      groupName: u.groupId
        ? dir.groups.get(u.groupId)!.profile.name
        : undefined,
    }));
  }

  async function saveAndPreview(
    h: WorkflowHarness,
    instanceId: string,
    definition: WorkflowDefinition,
  ) {
    await h.service.saveWorkflow(instanceId, definition, {
      credentials: adminCredentials,
    });
    return h.service.preview(instanceId, undefined, {
      credentials: adminCredentials,
      limit: 100_000,
    });
  }

  it.each(databases.eachSupportedId())(
    'previews exactly the people a hand computation selects, exempt people and new hires left out (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const figma = instanceOf('Figma');
      // Exempt: one editor by e-mail on this app, the marketing team everywhere.
      const marketing = new Set(
        org.people
          .filter(p => p.groups.includes('marketing'))
          .map(p => p.email.toLowerCase()),
      );
      const people = holders(figma.id);
      const exemptEmail = people.find(
        p => p.groupName === 'Figma Editor' && !marketing.has(p.email),
      )!.email;
      await h.service.addExemptions(
        figma.id,
        [{ kind: 'user', value: exemptEmail }],
        { credentials: adminCredentials },
      );
      await h.service.addExemptions(
        'global',
        [{ kind: 'group', value: 'group:default/marketing' }],
        { credentials: adminCredentials },
      );

      const definition: WorkflowDefinition = {
        ...base,
        rules: [
          {
            name: 'Never used',
            condition: { type: 'neverSignedIn', days: 60 },
            outcome: { action: 'deprovision' },
          },
          {
            name: 'Light editors',
            condition: { type: 'fewSignIns', days: 30, signIns: 8 },
            tiers: ['editor'],
            outcome: { action: 'downgrade', toTier: 'viewer' },
          },
          {
            name: 'Quiet for two weeks',
            condition: { type: 'noSignIn', days: 14 },
            outcome: { action: 'deprovision', suggestOnly: true },
          },
        ],
      };
      // People whose account creation date is unknown are no new hires.
      await h
        .knex('people')
        .whereNot({ email: 'liam.patel@acme.example.com' })
        .update({ okta_created_ms: null });
      const preview = await saveAndPreview(h, figma.id, definition);

      // By hand, from the sandbox's own log and directory.
      const truth = new Map(
        usageFromLog(sandbox.state.log, { now: clock })
          .filter(u => u.appId === figma.id)
          .map(u => [u.userId, u]),
      );
      const since30 = new Date(clock - 29 * DAY).toISOString().slice(0, 10);
      const expected: Array<[string, number]> = [];
      for (const p of people) {
        if (p.email === exemptEmail || marketing.has(p.email)) continue;
        if (p.created > clock - 30 * DAY) continue;
        const usage = truth.get(p.userId);
        const last = usage ? Date.parse(usage.lastSignIn) : undefined;
        const in30 = usage
          ? Object.entries(usage.days)
              .filter(([d]) => d >= since30)
              .reduce((s, [, n]) => s + n, 0)
          : 0;
        const tier = p.groupName?.replace('Figma ', '').toLowerCase();
        // Each rule needs the assignment to be at least its days old.
        const heldDays = (clock - p.assigned) / DAY;
        const heldFor = (days: number) => heldDays >= days;
        if (heldFor(60) && (last === undefined || last < p.assigned))
          expected.push([p.userId, 0]);
        else if (heldFor(30) && tier === 'editor' && in30 < 8)
          expected.push([p.userId, 1]);
        else if (heldFor(14) && (last === undefined || last < clock - 14 * DAY))
          expected.push([p.userId, 2]);
      }
      const got = preview.entries.map(e => [e.oktaUserId, e.rule]);
      expect(got.sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(0);
      expect(preview.total).toBe(expected.length);
      expect(preview.assignedUsers).toBe(people.length);
      // The exempt editor, the marketing team and the new hire.
      const exempt = people.filter(
        p =>
          p.email === exemptEmail ||
          marketing.has(p.email) ||
          p.created > clock - 30 * DAY,
      ).length;
      expect(preview.exemptUsers).toBe(exempt);
      expect(exempt).toBeGreaterThanOrEqual(3);
      // The new hire holds Figma, yet is never selected.
      const hire = people.find(p => p.email === 'liam.patel@acme.example.com');
      expect(hire).toBeDefined();
      expect(preview.entries.some(e => e.oktaUserId === hire!.userId)).toBe(
        false,
      );
      for (const e of preview.entries) {
        expect(e.action).toBe(e.rule === 1 ? 'downgrade' : 'deprovision');
        expect(e.suggestOnly).toBe(e.rule === 2);
        const usage = truth.get(e.oktaUserId);
        expect(e.lastSignIn).toBe(usage?.lastSignIn);
      }

      // Bad definitions are refused with a message that says what to fix.
      await expect(
        h.service.preview(
          figma.id,
          {
            ...base,
            rules: [
              {
                condition: { type: 'noSignIn', days: 30 },
                outcome: { action: 'downgrade', toTier: 'gold' },
              },
            ],
          },
          { credentials: adminCredentials, limit: 10 },
        ),
      ).rejects.toThrow(
        "rules.0.outcome.toTier: cannot downgrade to 'gold': Figma has no such tier; its tiers are Viewer, Editor",
      );

      // A tier without an Okta group can be a downgrade target: the
      // changes go to IT as tickets.
      const tiers = (await h.inventory.getInstance(figma.id))!.tiers;
      await h.inventory.putTiers(
        figma.id,
        [
          { tier: 'basic' },
          ...tiers.map(t => ({ tier: t.tier, groupId: t.groupId })),
        ],
        'test',
        clock,
      );
      await expect(
        h.service.preview(
          figma.id,
          {
            ...base,
            rules: [
              {
                condition: { type: 'noSignIn', days: 30 },
                outcome: { action: 'downgrade', toTier: 'basic' },
              },
            ],
          },
          { credentials: adminCredentials, limit: 10 },
        ),
      ).resolves.toMatchObject({ total: expect.any(Number) });
    },
  );

  it.each(databases.eachSupportedId())(
    'warns, respects opt-outs and people who came back, and changes exactly the others in Okta (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const figma = instanceOf('Figma');
      const definition: WorkflowDefinition = {
        ...base,
        newHireDays: 0,
        notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
        rules: [
          {
            name: 'Everyone with fewer than 1,000 sign-ins',
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            tiers: ['editor'],
            outcome: { action: 'downgrade', toTier: 'viewer' },
          },
        ],
      };
      const preview = await saveAndPreview(h, figma.id, definition);
      const targets = preview.entries.map(e => e.oktaUserId);
      expect(targets.length).toBeGreaterThanOrEqual(4);

      const run = await h.service.startRun(
        figma.id,
        { dryRun: false },
        { credentials: adminCredentials },
      );
      await h.drain();
      let current = await h.service.getRun(run.id, {
        credentials: adminCredentials,
      });
      expect(current.status).toBe('waiting');
      expect(current.counts).toEqual({ notified: targets.length });
      // Everyone in the catalog was warned, with the deadline.
      const inCatalog = preview.entries.filter(e =>
        org.people.some(p => p.email.toLowerCase() === e.email),
      );
      expect(warnings.map(w => w.action.oktaUserId).sort()).toEqual(
        inCatalog.map(e => e.oktaUserId).sort(),
      );
      expect(warnings[0].deadline).toBe(
        new Date(clock + 7 * DAY).toISOString(),
      );

      // One keeps the license; one signs in again before the deadline.
      const keeper = warnings[0];
      const keeperRef = (await h.store.entityRefOf(keeper.action.oktaUserId))!;
      const mine = await h.service.myWarnings({
        credentials: mockCredentials.user(keeperRef),
      });
      expect(mine.map(m => m.id)).toEqual([keeper.action.id]);
      await h.service.optOut(keeper.action.id, {
        credentials: mockCredentials.user(keeperRef),
      });
      // Nobody else can opt out for them.
      await expect(
        h.service.optOut(warnings[1].action.id, {
          credentials: mockCredentials.user(keeperRef),
        }),
      ).rejects.toThrow(/No warning/);
      const returning = warnings[1].action;
      clock += 2 * DAY;
      sandbox.state.log.add([
        {
          published: clock - 3600_000,
          userId: returning.oktaUserId,
          appId: figma.id,
        },
      ]);
      await h.ingest.run();

      // Not before the deadline...
      await h.drain();
      expect(
        (await h.service.getRun(run.id, { credentials: adminCredentials }))
          .status,
      ).toBe('waiting');
      const writesBefore = sandbox.state.directory.writes.length;
      expect(writesBefore).toBe(0);

      // ...then the others are moved to viewer.
      clock += 6 * DAY;
      await h.drain();
      current = await h.service.getRun(run.id, {
        credentials: adminCredentials,
      });
      expect(current.status).toBe('succeeded');
      expect(current.counts).toEqual({
        'opted-out': 1,
        skipped: 1,
        done: targets.length - 2,
      });
      // Too late to opt out now.
      await expect(
        h.service.optOut(warnings[2].action.id, {
          credentials: mockCredentials.user(
            (await h.store.entityRefOf(warnings[2].action.oktaUserId))!,
          ),
        }),
      ).rejects.toThrow(/Too late/);

      const dir = sandbox.state.directory;
      const group = (name: string) =>
        [...dir.groups.values()].find(g => g.profile.name === name)!.id;
      const changed = targets.filter(
        t => t !== keeper.action.oktaUserId && t !== returning.oktaUserId,
      );
      const effective = dir.writes.filter(w => w.changed);
      expect(
        effective
          .filter(w => w.kind === 'group.user.remove')
          .map(w => w.userId)
          .sort(),
      ).toEqual([...changed].sort());
      expect(
        effective
          .filter(w => w.kind === 'group.user.add')
          .map(w => w.userId)
          .sort(),
      ).toEqual([...changed].sort());
      for (const id of changed) {
        expect(dir.members.get(group('Figma Editor'))!.has(id)).toBe(false);
        expect(dir.members.get(group('Figma Viewer'))!.has(id)).toBe(true);
      }
      for (const id of [keeper.action.oktaUserId, returning.oktaUserId]) {
        expect(dir.members.get(group('Figma Editor'))!.has(id)).toBe(true);
      }

      // The next preview leaves out the person who kept their license.
      const next = await h.service.preview(figma.id, undefined, {
        credentials: adminCredentials,
        limit: 1000,
      });
      expect(next.entries.map(e => e.oktaUserId)).not.toContain(
        keeper.action.oktaUserId,
      );
      expect(next.exemptUsers).toBe(preview.exemptUsers + 1);

      // Every action is in the audit events, newest first, by cursor.
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.service.listEvents(
          { runId: run.id, limit: 3, cursor },
          { credentials: adminCredentials },
        );
        seen.push(...page.items.map(e => e.type));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.filter(t => t === 'action.done')).toHaveLength(
        changed.length,
      );
      expect(seen).toContain('action.opted-out');
      expect(seen).toContain('action.skipped');
      expect(seen.filter(t => t === 'run.started')).toHaveLength(1);
      expect(seen[0]).toBe('run.finished');
      // The same events reached the auditor service.
      const audited = h.audited.filter(e => e.runId === run.id);
      expect(audited.filter(e => e.type === 'action.done')).toHaveLength(
        changed.length,
      );
      expect(audited.map(e => e.type).sort()).toEqual([...seen].sort());

      // The results count the changes and their savings.
      const results = await h.service.results(figma.id, {
        credentials: adminCredentials,
      });
      expect(results.actions.done).toBe(changed.length);
      expect(results.series).toHaveLength(13);
      // Downgraded people keep a license (a cheaper one).
      expect(results.series[12].provisioned).toBe(preview.assignedUsers);
      expect(results.series[12].engaged).toBeGreaterThan(0);
      expect(results.series[12].engaged).toBeLessThanOrEqual(
        preview.assignedUsers,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'changes nothing in suggestions mode or in a dry run until a suggestion is accepted (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const figma = instanceOf('Figma');
      const definition: WorkflowDefinition = {
        ...base,
        mode: 'suggest',
        rules: [
          {
            condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
            outcome: { action: 'deprovision' },
          },
        ],
      };
      const preview = await saveAndPreview(h, figma.id, definition);
      expect(preview.total).toBeGreaterThanOrEqual(3);

      const dry = await h.service.startRun(
        figma.id,
        { dryRun: true },
        { credentials: adminCredentials },
      );
      const run = await h.service.startRun(
        figma.id,
        { dryRun: false },
        { credentials: adminCredentials },
      );
      await h.drain();
      const dryRun = await h.service.getRun(dry.id, {
        credentials: adminCredentials,
      });
      expect(dryRun.status).toBe('succeeded');
      expect(dryRun.counts).toEqual({ 'dry-run': preview.total });
      const suggested = await h.service.getRun(run.id, {
        credentials: adminCredentials,
      });
      expect(suggested.status).toBe('succeeded');
      expect(suggested.counts).toEqual({ suggested: preview.total });
      expect(sandbox.state.directory.writes).toHaveLength(0);

      const { items } = await h.service.listActions(
        { runId: run.id, statuses: ['suggested'], limit: 100, offset: 0 },
        { credentials: adminCredentials },
      );
      const [accept, dismiss] = items;
      await h.service.decideSuggestions([accept.id], 'accept', {
        credentials: adminCredentials,
      });
      await h.service.decideSuggestions([dismiss.id], 'dismiss', {
        credentials: adminCredentials,
      });
      // Deciding twice changes nothing more.
      expect(
        await h.service.decideSuggestions([accept.id, dismiss.id], 'accept', {
          credentials: adminCredentials,
        }),
      ).toEqual({ changed: [], unchanged: [accept.id, dismiss.id] });
      await h.drain();
      const writes = sandbox.state.directory.writes.filter(w => w.changed);
      // Out of the tier's group, or unassigned when the app was assigned directly.
      expect(writes.map(w => [w.kind, w.userId])).toEqual([
        [
          accept.fromTier ? 'group.user.remove' : 'app.user.unassign',
          accept.oktaUserId,
        ],
      ]);
      const results = await h.service.results(figma.id, {
        credentials: adminCredentials,
      });
      expect(results.actions).toMatchObject({
        done: 1,
        dismissed: 1,
        suggested: preview.total - 2,
      });
      expect(results.openSuggestions).toBe(preview.total - 2);
      // The deprovisioned person no longer counts as holding a license.
      expect(results.series[results.series.length - 1].provisioned).toBe(
        preview.assignedUsers - 1,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'starts a scheduled run once per slot, however many replicas tick (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      // A second replica: its own connection pool on PostgreSQL (SQLite's
      // test database lives in memory, so it shares the connection).
      const knex = h.knex;
      const otherKnex = databaseId.startsWith('POSTGRES')
        ? knexFactory({
            client: 'pg',
            connection: knex.client.config.connection,
            pool: { min: 0, max: 5 },
          })
        : knex;
      const other = await createWorkflowHarness({
        knex: otherKnex,
        sandbox,
        now: () => clock,
        worker: 'replica-2',
      });
      const figma = instanceOf('Figma');
      const rec = RECOMMENDED_WORKFLOWS.find(t => t.id === 'reclaim-90')!;
      const saved = await h.service.saveWorkflow(
        figma.id,
        { ...rec.build({}), schedule: '0 6 * * *' },
        { credentials: adminCredentials },
      );
      expect(saved.nextRunAt).toBe('2026-11-01T06:00:00.000Z');
      await Promise.all([h.service.tick(), other.service.tick()]);
      expect(
        await h.store.listRuns({ instanceId: figma.id, limit: 10 }),
      ).toHaveLength(0);

      clock = Date.parse('2026-11-01T06:00:30.000Z');
      const ticks = await Promise.all([
        h.service.tick(),
        other.service.tick(),
        h.service.tick(),
      ]);
      expect(ticks.reduce((s, t) => s + t.scheduled, 0)).toBe(1);
      const runs = await h.store.listRuns({ instanceId: figma.id, limit: 10 });
      expect(runs).toHaveLength(1);
      expect(runs[0].trigger).toBe('schedule');
      expect((await h.store.getWorkflow(figma.id))!.nextRunAt).toBe(
        '2026-11-02T06:00:00.000Z',
      );
      // A paused workflow is not scheduled.
      await h.service.setStatus(figma.id, 'paused', {
        credentials: adminCredentials,
      });
      clock = Date.parse('2026-11-02T06:00:30.000Z');
      await h.service.tick();
      expect(
        await h.store.listRuns({ instanceId: figma.id, limit: 10 }),
      ).toHaveLength(1);
      if (otherKnex !== knex) await otherKnex.destroy();
    },
  );
});
