import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  AppInstance,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import { Sandbox, startSandbox } from '@internal/sandbox';
import {
  adminCredentials,
  createWorkflowHarness,
} from './__testUtils__/workflowHarness';
import { DefaultInventoryService } from './inventory/DefaultInventoryService';

jest.setTimeout(240_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');
const PRICES: Record<string, number> = {
  viewer: 15,
  explorer: 42,
  creator: 75,
};

const base: Omit<WorkflowDefinition, 'rules'> = {
  newHireDays: 0,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  mode: 'automatic',
};
/** Everyone assigned for 30 days: nobody signs in 1,000 times a month. */
const everyone = { type: 'fewSignIns' as const, days: 30, signIns: 1000 };

describe('tiers and downgrades against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox | undefined;
  let clock = END + 3600_000;
  afterEach(() => sandbox?.stop());

  async function setup(databaseId: TestDatabaseId) {
    clock = END + 3600_000;
    sandbox = await startSandbox({ activity: false, now: () => clock });
    sandbox.generateActivity({ days: 90, end: END, seed: 7 });
    const knex = await databases.init(databaseId);
    const h = await createWorkflowHarness({ knex, sandbox, now: () => clock });
    await h.sync.run();
    await h.ingest.run();
    const dir = sandbox.state.directory;
    const app = [...dir.apps.values()].find(a => a.label === 'Tableau')!;
    const groupId = (tier: string) =>
      [...dir.groups.values()].find(
        g =>
          g.profile.name === `Tableau ${tier[0].toUpperCase()}${tier.slice(1)}`,
      )!.id;
    // The use case behind PUT /instances/{instanceId}/tiers.
    const inventory = new DefaultInventoryService({
      inventory: h.inventory,
      now: () => clock,
    });
    const setTiers = (order: string[]): Promise<AppInstance> =>
      inventory.setTiers(
        app.id,
        order.map(tier => ({
          tier,
          groupId: groupId(tier),
          monthlyPrice: PRICES[tier],
        })),
        { credentials: adminCredentials },
      );
    return { ...h, knex, dir, tableau: app, groupId, setTiers };
  }

  it.each(databases.eachSupportedId())(
    'recommends downgrading Tableau to Viewer, and refuses a downgrade to a tier that is not lower (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const detail = await h.service.getInstance(h.tableau.id, {
        credentials: adminCredentials,
      });
      expect(detail.instance.tiers.map(t => t.displayName)).toEqual([
        'Viewer',
        'Explorer',
        'Creator',
      ]);
      const template = detail.templates.find(t => t.id === 'downgrade-30')!;
      const downgrades = template.definition.rules.flatMap(r =>
        r.outcome.action === 'downgrade' ? [r.outcome.toTier] : [],
      );
      expect(downgrades).toEqual(['viewer']);
      // The recommended workflow saves as it is.
      await h.service.saveWorkflow(h.tableau.id, template.definition, {
        credentials: adminCredentials,
      });

      const save = (rules: WorkflowDefinition['rules']) =>
        h.service.saveWorkflow(
          h.tableau.id,
          { ...base, rules },
          { credentials: adminCredentials },
        );
      await expect(
        save([
          {
            condition: { type: 'noSignIn', days: 30 },
            outcome: { action: 'deprovision' },
          },
          {
            condition: { type: 'noSignIn', days: 30 },
            outcome: { action: 'downgrade', toTier: 'creator' },
          },
        ]),
      ).rejects.toMatchObject({
        name: 'InputError',
        message:
          'rules.1.outcome.toTier: Creator is the highest tier of Tableau; pick a lower tier to downgrade to',
      });
      await expect(
        save([
          {
            condition: { type: 'noSignIn', days: 30 },
            tiers: ['viewer', 'explorer', 'creator'],
            outcome: { action: 'downgrade', toTier: 'explorer' },
          },
        ]),
      ).rejects.toThrow(
        'rules.0.outcome.toTier: Explorer is not below Viewer, Explorer, which the rule applies to; downgrade to a lower tier, or apply the rule only to tiers above Explorer',
      );
      await expect(
        save([
          {
            condition: { type: 'noSignIn', days: 30 },
            outcome: { action: 'downgrade', toTier: 'basic' },
          },
        ]),
      ).rejects.toThrow(
        "rules.0.outcome.toTier: cannot downgrade to 'basic': Tableau has no such tier; its tiers are Viewer, Explorer, Creator",
      );
      // A draft is previewed with the same checks.
      await expect(
        h.service.preview(
          h.tableau.id,
          {
            ...base,
            rules: [
              {
                condition: everyone,
                outcome: { action: 'downgrade', toTier: 'creator' },
              },
            ],
          },
          { credentials: adminCredentials, limit: 10 },
        ),
      ).rejects.toThrow(/rules\.0\.outcome\.toTier: Creator is the highest/);
      // The saved workflow is still the recommended one.
      expect((await h.store.getWorkflow(h.tableau.id))!.template).toBe(
        'downgrade-30',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'at act time, leaves alone whoever no longer holds a tier above the target, never moving anyone up (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      await h.setTiers(['viewer', 'explorer', 'creator']);
      const definition: WorkflowDefinition = {
        ...base,
        notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
        rules: [
          {
            condition: everyone,
            tiers: ['creator'],
            outcome: { action: 'downgrade', toTier: 'explorer' },
          },
        ],
      };
      await h.service.saveWorkflow(h.tableau.id, definition, {
        credentials: adminCredentials,
      });
      const creators = [...h.dir.members.get(h.groupId('creator'))!];
      expect(creators.length).toBeGreaterThanOrEqual(3);
      const run = await h.service.startRun(
        h.tableau.id,
        { dryRun: false },
        { credentials: adminCredentials },
      );
      await h.drain();
      expect(
        (await h.service.getRun(run.id, { credentials: adminCredentials }))
          .counts,
      ).toEqual({ notified: creators.length });

      // Since the plan: one creator became a viewer in Okta, and the admin
      // reordered the tiers so that Creator sits below Explorer.
      const [moved] = creators;
      clock += DAY;
      h.dir.removeMember(h.groupId('creator'), moved, { at: clock });
      h.dir.addMember(h.groupId('viewer'), moved, { at: clock });
      await h.sync.run();
      const writesBefore = h.dir.writes.length;
      clock += 7 * DAY;
      await h.setTiers(['viewer', 'creator', 'explorer']);
      await h.drain();

      const { items } = await h.service.listActions(
        { runId: run.id, limit: 100, offset: 0 },
        { credentials: adminCredentials },
      );
      expect(items).toHaveLength(creators.length);
      const byUser = new Map(items.map(a => [a.oktaUserId, a]));
      expect(byUser.get(moved)).toMatchObject({
        status: 'skipped',
        detail: 'Holds Viewer now, which is not above Explorer; not moved',
      });
      for (const id of creators.slice(1)) {
        expect(byUser.get(id)).toMatchObject({
          status: 'skipped',
          detail: 'Holds Creator now, which is not above Explorer; not moved',
        });
      }
      // Nobody was moved up (or at all) in Okta.
      expect(h.dir.writes.slice(writesBefore)).toEqual([]);
      expect(h.dir.members.get(h.groupId('explorer'))!.size).toBe(0);
      const skipped = await h.service.listEvents(
        { runId: run.id, types: ['action.skipped'], limit: 100 },
        { credentials: adminCredentials },
      );
      expect(skipped.items).toHaveLength(creators.length);
      expect(skipped.items[0].detail.reason).toMatch(/not above Explorer/);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts savings from the tier prices: each preview entry, its total and the realised saving equal a hand computation (%p)',
    async databaseId => {
      const h = await setup(databaseId);
      const set = await h.setTiers(['viewer', 'explorer', 'creator']);
      expect(set.tiers.map(t => t.monthlyPrice)).toEqual([15, 42, 75]);
      const definition: WorkflowDefinition = {
        ...base,
        rules: [
          {
            name: 'Creators to Viewer',
            condition: everyone,
            tiers: ['creator', 'explorer'],
            outcome: { action: 'downgrade', toTier: 'viewer' },
          },
          {
            name: 'Viewers out',
            condition: everyone,
            tiers: ['viewer'],
            outcome: { action: 'deprovision' },
          },
        ],
      };
      await h.service.saveWorkflow(h.tableau.id, definition, {
        credentials: adminCredentials,
      });
      const preview = await h.service.preview(h.tableau.id, undefined, {
        credentials: adminCredentials,
        limit: 1000,
      });

      // By hand: each holder's tier from the sandbox's Okta groups.
      const tierOf = new Map<string, string>();
      for (const tier of ['viewer', 'explorer', 'creator']) {
        for (const id of h.dir.members.get(h.groupId(tier))!)
          tierOf.set(id, tier);
      }
      const expected = new Map<string, number>();
      for (const u of h.dir.appUsers(h.tableau.id)) {
        // Each rule needs the assignment to be 30 days old.
        if (Date.parse(u.created) > clock - 30 * DAY) continue;
        const tier = tierOf.get(u.userId);
        if (tier === 'creator' || tier === 'explorer')
          expected.set(u.userId, PRICES[tier] - PRICES.viewer);
        else if (tier === 'viewer') expected.set(u.userId, PRICES.viewer);
      }
      expect(expected.size).toBeGreaterThanOrEqual(4);
      expect(
        new Map(preview.entries.map(e => [e.oktaUserId, e.monthlySaving])),
      ).toEqual(expected);
      const total = [...expected.values()].reduce((s, n) => s + n, 0);
      expect(preview.monthlySaving).toBe(total);
      expect(preview.total).toBe(expected.size);

      await h.service.startRun(
        h.tableau.id,
        { dryRun: false },
        { credentials: adminCredentials },
      );
      await h.drain();
      const results = await h.service.results(h.tableau.id, {
        credentials: adminCredentials,
      });
      expect(results.actions).toEqual({ done: expected.size });
      expect(results.monthlySaving).toBe(total);
      // The changes in Okta: creators now viewers, viewers gone.
      const viewers = h.dir.members.get(h.groupId('viewer'))!;
      for (const id of expected.keys()) {
        expect(viewers.has(id)).toBe(tierOf.get(id) !== 'viewer');
      }
    },
  );
});
