import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { createDashboardStore } from '../../database/DashboardStore';
import { createInventoryStore } from '../../database/InventoryStore';
import { applyDatabaseMigrations } from '../../database/migrations';
import { createWorkflowStore } from '../../database/WorkflowStore';
import { AuthorizedDashboardService } from './AuthorizedDashboardService';
import { DefaultDashboardService } from './DefaultDashboardService';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
// A Friday, noon UTC: the dashboard's last week is Sat 14 – Fri 20 Nov.
const NOW = Date.parse('2026-11-20T12:00:00.000Z');

/** Reclaims people with no sign-in for 30 days. */
const RECLAIM_30: WorkflowDefinition = {
  rules: [
    {
      name: 'No sign-in for 30 days',
      condition: { type: 'noSignIn', days: 30 },
      outcome: { action: 'deprovision' },
    },
  ],
  newHireDays: 0,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  mode: 'automatic',
};

describe('the savings dashboard', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function seed(knex: Knex, editorPrice: number) {
    const inventory = createInventoryStore(knex);
    await inventory.putTiers(
      '0oaFigma',
      [
        {
          tier: 'viewer',
          displayName: 'Viewer',
          groupId: '00gView',
          monthlyPrice: 5,
        },
        {
          tier: 'editor',
          displayName: 'Editor',
          groupId: '00gEdit',
          monthlyPrice: editorPrice,
          seats: 3,
        },
      ],
      'user:default/admin',
      NOW - 50 * DAY,
    );
  }

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const inventory = createInventoryStore(knex);
    const people = ['emma', 'liam', 'noah', 'olivia', 'zoe', 'ben'];
    await inventory.syncPeople(
      people.map(name => ({
        email: `${name}@acme.example.com`,
        entityRef: `user:default/${name}`,
        oktaUserId: `00u${name}`,
        displayName: name,
        teams: [],
      })),
      NOW - 60 * DAY,
    );
    const figma = {
      id: '0oaFigma',
      appKey: 'figma',
      label: 'Figma',
      status: 'ACTIVE' as const,
      groups: [
        { id: '00gView', name: 'Figma Viewer', priority: 0 },
        { id: '00gEdit', name: 'Figma Editor', priority: 1 },
      ],
    };
    const asana = {
      id: '0oaAsana',
      appKey: 'asana',
      label: 'Asana',
      status: 'ACTIVE' as const,
      groups: [],
    };
    const gone = { ...asana, id: '0oaGone', appKey: 'gone', label: 'Gone' };
    await inventory.syncInstances([figma, asana, gone], NOW - 60 * DAY);
    // Gone from Okta since: none of its figures count.
    await inventory.syncInstances([figma, asana], NOW - 2 * DAY);
    // Editor first priced at $40.
    await seed(knex, 40);
    const editor = (name: string) => ({
      oktaUserId: `00u${name}`,
      scope: 'GROUP' as const,
      groupId: '00gEdit',
    });
    const viewer = (name: string) => ({
      oktaUserId: `00u${name}`,
      scope: 'GROUP' as const,
      groupId: '00gView',
    });
    await inventory.syncAssignments(
      '0oaFigma',
      [
        editor('emma'),
        editor('liam'),
        editor('noah'),
        editor('ben'),
        viewer('olivia'),
        viewer('zoe'),
      ],
      NOW - 40 * DAY,
    );
    // Ben's seat was taken away: not held any more.
    await inventory.syncAssignments(
      '0oaFigma',
      [
        editor('emma'),
        editor('liam'),
        editor('noah'),
        viewer('olivia'),
        viewer('zoe'),
      ],
      NOW - 20 * DAY,
    );
    await inventory.syncAssignments(
      '0oaAsana',
      [
        { oktaUserId: '00uemma', scope: 'USER' },
        { oktaUserId: '00uliam', scope: 'USER' },
      ],
      NOW - 40 * DAY,
    );
    await inventory.syncAssignments(
      '0oaGone',
      [{ oktaUserId: '00uemma', scope: 'USER' }],
      NOW - 40 * DAY,
    );
    const signIn = (who: string, app: string, daysAgo: number) => ({
      okta_user_id: `00u${who}`,
      instance_id: app,
      last_sign_in_ms: NOW - daysAgo * DAY,
    });
    await knex('activity_last').insert([
      signIn('emma', '0oaFigma', 2),
      // 31 days ago: unused.
      signIn('liam', '0oaFigma', 31),
      signIn('olivia', '0oaFigma', 10),
      // Liam uses Asana, not Figma; Emma never signed in to Asana.
      signIn('liam', '0oaAsana', 29),
    ]);
    // Enabled on Figma; paused on Asana (its would-be savings do not count).
    await knex('workflows').insert([
      {
        instance_id: '0oaFigma',
        status: 'active',
        definition: JSON.stringify(RECLAIM_30),
        updated_by: 'user:default/admin',
        updated_at_ms: NOW - 30 * DAY,
      },
      {
        instance_id: '0oaAsana',
        status: 'paused',
        definition: JSON.stringify(RECLAIM_30),
        updated_by: 'user:default/admin',
        updated_at_ms: NOW - 30 * DAY,
      },
    ]);
    // Finished runs' actions.
    const run = async (instanceId: string, dryRun: boolean) => {
      const id = randomUUID();
      await knex('workflow_runs').insert({
        id,
        instance_id: instanceId,
        trigger: 'manual',
        dry_run: dryRun,
        mode: 'automatic',
        status: 'succeeded',
        definition: JSON.stringify(RECLAIM_30),
        actor: 'user:default/admin',
        started_at_ms: NOW - 120 * DAY,
        finished_at_ms: NOW - DAY,
      });
      return id;
    };
    let person = 0;
    const action = (
      runId: string,
      instanceId: string,
      status: string,
      saving: number,
      daysAgo: number,
    ) => ({
      id: randomUUID(),
      run_id: runId,
      instance_id: instanceId,
      // One action per person and run.
      okta_user_id: `00uformer${(person += 1)}`,
      rule: 0,
      action: 'deprovision',
      scope: 'GROUP',
      status,
      monthly_saving: saving,
      updated_at_ms: NOW - daysAgo * DAY,
    });
    const figmaRun = await run('0oaFigma', false);
    const dryRun = await run('0oaFigma', true);
    const asanaRun = await run('0oaAsana', false);
    await knex('workflow_actions').insert([
      action(figmaRun, '0oaFigma', 'done', 40, 3),
      action(figmaRun, '0oaFigma', 'done', 5, 20),
      action(figmaRun, '0oaFigma', 'failed', 40, 3),
      action(figmaRun, '0oaFigma', 'opted-out', 40, 3),
      action(dryRun, '0oaFigma', 'done', 100, 3),
      // Before the chart's 12 weeks: in the totals only.
      action(asanaRun, '0oaAsana', 'done', 12.5, 100),
      action(asanaRun, '0oaGone', 'done', 7, 3),
    ]);
    // Two licenses given back: the $5 one is back (2 days ago), the other
    // restore is still queued and gives nothing back yet.
    const restore = (status: string, saving: number, daysAgo?: number) => ({
      id: randomUUID(),
      action_id: randomUUID(),
      run_id: figmaRun,
      instance_id: '0oaFigma',
      rule: 0,
      rule_name: 'No sign-in for 30 days',
      okta_user_id: `00uformer${(person += 1)}`,
      action: 'deprovision',
      monthly_saving: saving,
      status,
      requested_by: 'user:default/ben',
      requested_at_ms: NOW - 3 * DAY,
      restored_at_ms: daysAgo === undefined ? null : NOW - daysAgo * DAY,
    });
    await knex('restores').insert([
      restore('done', 5, 2),
      restore('queued', 40),
    ]);
    const dashboard = createDashboardStore(knex);
    const service = new DefaultDashboardService({
      dashboard,
      workflows: createWorkflowStore({ knex }),
      now: () => NOW,
    });
    return { knex, dashboard, service };
  }

  it.each(databases.eachSupportedId())(
    'equals the hand computation from tier prices, assignments and activity (%p)',
    async databaseId => {
      const { knex, dashboard, service } = await setUp(databaseId);
      // Snapshots: 5 Nov (week 9) with Editor at $40, then Editor at $45
      // on 19 Nov and twice on 20 Nov (week 11).
      expect(await dashboard.writeSpendSnapshot(NOW - 15 * DAY)).toBe(2);
      await seed(knex, 45);
      await dashboard.writeSpendSnapshot(NOW - DAY);
      await dashboard.writeSpendSnapshot(NOW - 3600_000);
      await dashboard.writeSpendSnapshot(NOW);
      expect(
        Number(
          (
            await knex('app_spend_daily')
              .where({ day: '2026-11-20' })
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(2);

      const result = await service.dashboard({
        credentials: mockCredentials.user(),
      });

      // Figma: Emma, Liam, Noah at Editor ($45), Olivia, Zoe at Viewer ($5).
      // Unused (no Figma sign-in since 21 Oct): Liam (31 days), Noah, Zoe (never).
      // Spend 3 × 45 + 2 × 5 = 145; bought 3 Editor seats: 3 × 45 = 135.
      // The workflow reclaims Liam, Noah (Editor) and Zoe (Viewer): 45 + 45 + 5 = 95.
      // Done in real runs: 40 + 5 (failed, opted-out and dry-run ones left
      // out), less the $5 restored (the queued restore gives nothing back yet).
      const figma = {
        instanceId: '0oaFigma',
        appKey: 'figma',
        appName: 'Figma',
        instanceLabel: 'Figma',
        workflowEnabled: true,
        seatsHeld: 5,
        unusedSeats: 3,
        monthlySpend: 145,
        unpricedSeats: 0,
        purchasedSeats: 3,
        purchasedMonthlySpend: 135,
        potentialMonthlySaving: 95,
        potentialSeats: 3,
        realisedGrossMonthlySaving: 45,
        restoredMonthlySaving: 5,
        realisedMonthlySaving: 40,
      };
      // Asana: Emma (never signed in to it, unused) and Liam; no tiers, no
      // prices: both seats unpriced. Its workflow is paused.
      const asana = {
        instanceId: '0oaAsana',
        appKey: 'asana',
        appName: 'Asana',
        instanceLabel: 'Asana',
        workflowEnabled: false,
        seatsHeld: 2,
        unusedSeats: 1,
        monthlySpend: 0,
        unpricedSeats: 2,
        potentialMonthlySaving: 0,
        potentialSeats: 0,
        realisedGrossMonthlySaving: 12.5,
        restoredMonthlySaving: 0,
        realisedMonthlySaving: 12.5,
      };
      expect(result.apps).toEqual([asana, figma]);
      expect(result.currency).toBe('USD');
      expect(result.totals).toEqual({
        seatsHeld: 7,
        unusedSeats: 4,
        monthlySpend: 145,
        unpricedSeats: 2,
        purchasedSeats: 3,
        purchasedMonthlySpend: 135,
        potentialMonthlySaving: 95,
        potentialSeats: 3,
        realisedGrossMonthlySaving: 57.5,
        restoredMonthlySaving: 5,
        realisedMonthlySaving: 52.5,
      });

      // Twelve weeks, Sat 29 Aug to Fri 20 Nov.
      expect(result.series).toHaveLength(12);
      expect(result.series[0]).toEqual({
        from: '2026-08-29',
        to: '2026-09-04',
        realisedMonthlySaving: 0,
      });
      // 31 Oct – 6 Nov: the $5 action (20 days ago), the snapshot of 5 Nov
      // at Editor $40: 3 × 40 + 2 × 5 = 130.
      expect(result.series[9]).toEqual({
        from: '2026-10-31',
        to: '2026-11-06',
        monthlySpend: 130,
        realisedMonthlySaving: 5,
      });
      // No snapshot, no action in 7 – 13 Nov.
      expect(result.series[10]).toEqual({
        from: '2026-11-07',
        to: '2026-11-13',
        realisedMonthlySaving: 0,
      });
      // The last snapshot of the week (20 Nov), not the sum of its days;
      // Figma's $40 action of 3 days ago (Gone's $7 left out with its app),
      // less the $5 restored 2 days ago.
      expect(result.series[11]).toEqual({
        from: '2026-11-14',
        to: '2026-11-20',
        monthlySpend: 145,
        realisedMonthlySaving: 35,
      });
      expect(
        result.series.reduce((s, p) => s + p.realisedMonthlySaving, 0),
      ).toBe(40);
      await knex.destroy();
    },
  );

  it('needs the inventory read permission', async () => {
    const inner = { dashboard: jest.fn(async () => ({} as any)) };
    const deny = new AuthorizedDashboardService(
      inner,
      mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    );
    await expect(
      deny.dashboard({ credentials: mockCredentials.user() }),
    ).rejects.toThrow(NotAllowedError);
    expect(inner.dashboard).not.toHaveBeenCalled();
    const allow = new AuthorizedDashboardService(
      inner,
      mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
      }),
    );
    await allow.dashboard({ credentials: mockCredentials.user() });
    // Other plugins need no permission.
    await deny.dashboard({ credentials: mockCredentials.service() });
    expect(inner.dashboard).toHaveBeenCalledTimes(2);
  });
});
