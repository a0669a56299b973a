import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import {
  demoUserEntities,
  Sandbox,
  startSandbox,
  usageFromLog,
} from '@internal/sandbox';
import { initializePersistence } from '../../database/persistence';
import { ActivityIngest } from '../inventory/ActivityIngest';
import { InventorySync } from '../inventory/InventorySync';
import { OktaGateway } from '../inventory/OktaGateway';
import { sandboxOktaConfig } from '../__testUtils__/workflowHarness';
import { DefaultBacktestService } from './DefaultBacktestService';

jest.setTimeout(240_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');
const NOW = END + 3600_000;
const AS_OF = '2026-09-20';
const PRICES: Record<string, number> = { viewer: 5, editor: 45 };

const DEFINITION: WorkflowDefinition = {
  rules: [
    {
      name: 'Idle editors',
      condition: { type: 'fewSignIns', days: 30, signIns: 8 },
      tiers: ['editor'],
      outcome: { action: 'downgrade', toTier: 'viewer' },
    },
    {
      name: 'Idle',
      condition: { type: 'noSignIn', days: 21 },
      outcome: { action: 'deprovision' },
    },
  ],
  newHireDays: 0,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  mode: 'suggest',
};

describe('backtest against the sandbox history', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false, now: () => NOW });
    sandbox.generateActivity({ days: 120, end: END });
  });
  afterAll(() => sandbox.stop());

  /**
   * The expected backtest, from the sandbox's seeded state and log alone:
   * who held Figma at the end of AS_OF (today's holders since their
   * assignment, as the sandbox dates them, unless a past membership of
   * the lowest-priority group covered the day; the past memberships of
   * people who do not hold it today), their sign-in days, and the rules.
   */
  function expected(onlyIdle = false) {
    const dir = sandbox.state.directory;
    const figma = [...dir.apps.values()].find(a => a.name === 'figma')!;
    const groups = [...dir.appGroups.get(figma.id)!]
      .sort((a, b) => a[1].priority - b[1].priority)
      .map(([id]) => id);
    const tierOf = (groupId?: string) =>
      groupId === undefined
        ? undefined
        : dir.groups
            .get(groupId)!
            .profile.name.replace('Figma ', '')
            .toLowerCase();
    const end = Date.parse(`${AS_OF}T00:00:00.000Z`) + DAY - 1;
    const held = new Map<
      string,
      { groupId?: string; since: number; scope: string }
    >();
    for (const u of dir.appUsers(figma.id)) {
      if (Date.parse(u.created) > end) continue;
      held.set(u.userId, {
        groupId: u.groupId,
        since: Date.parse(u.created),
        scope: u.scope,
      });
    }
    for (const p of dir.pastMemberships) {
      if (!groups.includes(p.groupId)) continue;
      if (!(p.fromMs <= end && end < p.toMs)) continue;
      const now = held.get(p.userId);
      // The group of lowest priority wins.
      if (
        !now ||
        (now.scope === 'GROUP' &&
          groups.indexOf(p.groupId) < groups.indexOf(now.groupId!))
      )
        held.set(p.userId, {
          groupId: p.groupId,
          since: now?.since ?? p.fromMs,
          scope: 'GROUP',
        });
    }
    const usage = new Map(
      usageFromLog(sandbox.state.log, { now: NOW })
        .filter(u => u.appId === figma.id)
        .map(u => [u.userId, u.days]),
    );
    const between = (days: Record<string, number>, from: string, to: string) =>
      Object.entries(days)
        .filter(([d]) => d >= from && d <= to)
        .reduce((s, [, n]) => s + n, 0);
    const dayBefore = (n: number) =>
      new Date(end - (n - 1) * DAY).toISOString().slice(0, 10);
    const out: Array<{
      email: string;
      rule: number;
      saving: number;
      regret: boolean;
      tier?: string;
    }> = [];
    for (const [userId, h] of held) {
      const days = usage.get(userId) ?? {};
      const tier = tierOf(h.groupId);
      let rule: number | undefined;
      if (
        !onlyIdle &&
        h.since <= end - 30 * DAY &&
        tier === 'editor' &&
        between(days, dayBefore(30), AS_OF) < 8
      )
        rule = 0;
      else if (
        h.since <= end - 21 * DAY &&
        between(days, dayBefore(21), AS_OF) === 0
      )
        rule = 1;
      if (rule === undefined) continue;
      const price = tier ? PRICES[tier] : 0;
      out.push({
        email: dir.users.get(userId)!.profile.email.toLowerCase(),
        rule,
        tier,
        saving: rule === 0 ? price - PRICES.viewer : price,
        regret: Object.keys(days).some(d => d > AS_OF),
      });
    }
    return out.sort(
      (a, b) => a.rule - b.rule || a.email.localeCompare(b.email),
    );
  }

  it.each(databases.eachSupportedId())(
    'equals the hand computation over the seeded history, with the would-be regrets (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const stores = await initializePersistence(
        mockServices.database({ knex, migrations: { skip: false } }),
        {},
      );
      const okta = OktaGateway.fromConfig(sandboxOktaConfig(sandbox))!;
      const logger = mockServices.logger.mock();
      const sync = new InventorySync({
        okta,
        ...stores,
        catalog: catalogServiceMock({ entities: demoUserEntities() }),
        auth: mockServices.auth(),
        logger,
        matchField: 'email',
        historyDays: 120,
        now: () => NOW,
      });
      const ingest = new ActivityIngest({
        okta,
        ...stores,
        logger,
        settings: { backfillDays: 121, retryDelayMs: 10 },
        now: () => NOW,
      });
      const synced = await sync.run();
      expect(synced.stats.membershipEventsRead).toBeGreaterThan(0);
      await ingest.run();

      const figma = (await stores.inventory.listApps()).find(
        a => a.key === 'figma',
      )!.instances[0];
      await stores.inventory.putTiers(
        figma.id,
        figma.tiers.map(t => ({
          tier: t.tier,
          groupId: t.groupId,
          monthlyPrice: PRICES[t.tier],
        })),
        'user:default/admin',
        NOW,
      );
      const service = new DefaultBacktestService({
        store: stores.workflows,
        inventory: stores.inventory,
        now: () => NOW,
      });
      const result = await service.backtest(
        figma.id,
        { asOf: AS_OF, definition: DEFINITION },
        { credentials: mockCredentials.user(), limit: 1000 },
      );
      const want = expected();
      // The history matters: someone who held Figma then and not today,
      // and someone who held another tier then, are among the people.
      const dir = sandbox.state.directory;
      expect(
        dir.pastMemberships.some(
          p =>
            p.fromMs <= Date.parse(AS_OF) &&
            Date.parse(AS_OF) < p.toMs &&
            dir.groups.get(p.groupId)!.profile.name.startsWith('Figma'),
        ),
      ).toBe(true);
      expect(want.length).toBeGreaterThan(3);
      expect(want.some(w => w.regret)).toBe(true);
      expect(
        result.entries.map(e => ({
          email: e.email,
          rule: e.rule,
          tier: e.currentTier,
          saving: e.monthlySaving,
          regret: Boolean(e.signedInAgainOn),
        })),
      ).toEqual(
        want.map(w => ({
          email: w.email,
          rule: w.rule,
          tier: w.tier,
          saving: w.saving,
          regret: w.regret,
        })),
      );
      expect(result.wouldBeRegrets).toBe(want.filter(w => w.regret).length);
      expect(result.monthlySaving).toBe(want.reduce((s, w) => s + w.saving, 0));
      expect(result.asOf).toBe(AS_OF);

      // One rule alone (PostgreSQL runs it as an anti-join): the same people
      // as the hand computation of that rule.
      const idle = await service.backtest(
        figma.id,
        {
          asOf: AS_OF,
          definition: { ...DEFINITION, rules: [DEFINITION.rules[1]] },
        },
        { credentials: mockCredentials.user(), limit: 1000 },
      );
      const wantIdle = expected(true);
      expect(wantIdle.length).toBeGreaterThan(0);
      expect(
        idle.entries.map(e => ({
          email: e.email,
          saving: e.monthlySaving,
          regret: Boolean(e.signedInAgainOn),
        })),
      ).toEqual(
        wantIdle.map(w => ({
          email: w.email,
          saving: w.saving,
          regret: w.regret,
        })),
      );

      // 30 days ago is a day too; today, the future and before the kept
      // history are refused, naming the field.
      const ago = await service.backtest(
        figma.id,
        { daysAgo: 30, definition: DEFINITION },
        { credentials: mockCredentials.user(), limit: 0 },
      );
      expect(ago.asOf).toBe(
        new Date(NOW - 30 * DAY).toISOString().slice(0, 10),
      );
      await expect(
        service.backtest(
          figma.id,
          { asOf: '2026-11-01', definition: DEFINITION },
          { credentials: mockCredentials.user(), limit: 0 },
        ),
      ).rejects.toThrow(/^asOf: 2026-11-01 is not in the past/);
      await expect(
        service.backtest(
          figma.id,
          { asOf: '2026-01-01', definition: DEFINITION },
          { credentials: mockCredentials.user(), limit: 0 },
        ),
      ).rejects.toThrow(/^asOf: 2026-01-01 is before the kept history/);
    },
  );
});
