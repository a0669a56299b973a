import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { applyDatabaseMigrations } from '../database/migrations';
import { createWorkflowStore } from '../database/WorkflowStore';
import { previewWorkflow } from './preview';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-11-01T15:00:00.000Z');
const CRM = '0oacrm';
const WIKI = '0oawiki';
const ago = (days: number) => NOW - days * DAY;
const day = (days: number) => new Date(ago(days)).toISOString().slice(0, 10);

const TIERS = [
  { tier: 'basic', group: '00gbasic', price: 10, rank: 0 },
  { tier: 'standard', group: '00gstd', price: 40, rank: 1 },
  { tier: 'premium', group: '00gprem', price: 100, rank: 2 },
];
const groupOf = (tier?: string) => TIERS.find(t => t.tier === tier)?.group;

/**
 * Who is assigned to CRM, and what of them the tables hold. `person:
 * false` is an assignment without a person row (the directory sync has not
 * seen them yet); it is previewed, without e-mail or name.
 */
const PEOPLE: Array<{
  id: string;
  email: string;
  person?: false;
  createdDaysAgo?: number | null;
  team?: string;
  tier?: string;
  assignedDaysAgo: number;
  removed?: boolean;
  lastSignInDaysAgo?: number;
  /** Sign-ins per day, by days ago. */
  daily?: Record<number, number>;
  optedOutDaysAgo?: number;
}> = [
  {
    id: '00u1',
    email: 'a@x.test',
    tier: 'premium',
    assignedDaysAgo: 365,
    lastSignInDaysAgo: 200,
  },
  {
    id: '00u2',
    email: 'b@x.test',
    tier: 'basic',
    assignedDaysAgo: 365,
    lastSignInDaysAgo: 2,
    daily: { 2: 5 },
  },
  { id: '00u3', email: 'c@x.test', tier: 'standard', assignedDaysAgo: 365 },
  { id: '00u4', email: '', person: false, assignedDaysAgo: 365 },
  // On the global list, on CRM's list, on the wiki's list (not exempt here).
  { id: '00u5', email: 'd@x.test', tier: 'standard', assignedDaysAgo: 365 },
  { id: '00u6', email: 'e@x.test', tier: 'basic', assignedDaysAgo: 365 },
  { id: '00u7', email: 'f@x.test', tier: 'basic', assignedDaysAgo: 365 },
  // In an exempt catalog group.
  {
    id: '00u8',
    email: 'g@x.test',
    team: 'group:default/team-x',
    tier: 'premium',
    assignedDaysAgo: 365,
  },
  // A new hire; someone whose Okta account time is unknown (not a new hire).
  {
    id: '00u9',
    email: 'h@x.test',
    createdDaysAgo: 20,
    tier: 'basic',
    assignedDaysAgo: 19,
  },
  {
    id: '00u10',
    email: 'i@x.test',
    createdDaysAgo: null,
    tier: 'standard',
    assignedDaysAgo: 365,
    lastSignInDaysAgo: 10,
    daily: { 10: 1, 20: 1 },
  },
  // Kept their license lately; long ago (no longer exempt).
  {
    id: '00u11',
    email: 'j@x.test',
    tier: 'basic',
    assignedDaysAgo: 365,
    optedOutDaysAgo: 10,
  },
  {
    id: '00u12',
    email: 'k@x.test',
    tier: 'premium',
    assignedDaysAgo: 365,
    lastSignInDaysAgo: 100,
    optedOutDaysAgo: 200,
  },
  {
    id: '00u13',
    email: 'l@x.test',
    tier: 'basic',
    assignedDaysAgo: 365,
    removed: true,
  },
  {
    id: '00u14',
    email: 'm@x.test',
    team: 'group:default/team-y',
    tier: 'premium',
    assignedDaysAgo: 365,
    lastSignInDaysAgo: 3,
    daily: { 3: 2 },
  },
];

async function fill(knex: Knex) {
  await knex('license_tiers').insert([
    ...TIERS.map(t => ({
      instance_id: CRM,
      tier: t.tier,
      group_id: t.group,
      monthly_price: t.price,
      source: 'admin',
      rank: t.rank,
      updated_at_ms: ago(100),
    })),
    {
      instance_id: WIKI,
      tier: 'standard',
      group_id: '00gwiki',
      monthly_price: 5,
      source: 'admin',
      rank: 0,
      updated_at_ms: ago(100),
    },
  ]);
  for (const p of PEOPLE) {
    const entityRef = `user:default/${p.id}`;
    if (p.person !== false) {
      await knex('people').insert({
        email: p.email,
        entity_ref: entityRef,
        okta_user_id: p.id,
        okta_status: 'ACTIVE',
        display_name: `Person ${p.id}`,
        updated_at_ms: ago(1),
        okta_created_ms:
          p.createdDaysAgo === null ? null : ago(p.createdDaysAgo ?? 1000),
      });
    }
    if (p.team)
      await knex('person_teams').insert({
        entity_ref: entityRef,
        group_ref: p.team,
      });
    await knex('assignments').insert({
      instance_id: CRM,
      okta_user_id: p.id,
      scope: p.tier ? 'GROUP' : 'USER',
      group_id: groupOf(p.tier) ?? null,
      first_seen_ms: ago(p.assignedDaysAgo),
      removed_ms: p.removed ? ago(5) : null,
    });
    if (p.lastSignInDaysAgo !== undefined)
      await knex('activity_last').insert({
        okta_user_id: p.id,
        instance_id: CRM,
        last_sign_in_ms: ago(p.lastSignInDaysAgo),
      });
    for (const [d, n] of Object.entries(p.daily ?? {}))
      await knex('activity_daily').insert({
        okta_user_id: p.id,
        instance_id: CRM,
        day: day(Number(d)),
        sign_ins: n,
      });
    if (p.optedOutDaysAgo !== undefined)
      await knex('workflow_actions').insert({
        id: randomUUID(),
        run_id: randomUUID(),
        instance_id: CRM,
        okta_user_id: p.id,
        rule: 0,
        action: 'deprovision',
        scope: 'GROUP',
        status: 'opted-out',
        monthly_saving: 0,
        updated_at_ms: ago(p.optedOutDaysAgo),
      });
  }
  // The wiki: b@ is assigned there too, with no sign-in.
  await knex('assignments').insert({
    instance_id: WIKI,
    okta_user_id: '00u2',
    scope: 'GROUP',
    group_id: '00gwiki',
    first_seen_ms: ago(365),
    removed_ms: null,
  });
  for (const [scope, kind, value] of [
    ['global', 'user', 'd@x.test'],
    [CRM, 'user', 'e@x.test'],
    [WIKI, 'user', 'f@x.test'],
    [CRM, 'group', 'group:default/team-x'],
    [WIKI, 'group', 'group:default/team-y'],
  ])
    await knex('workflow_exemptions').insert({
      id: randomUUID(),
      scope,
      kind,
      value,
      added_by: 'user:default/admin',
      added_at_ms: ago(10),
    });
}

const base = {
  newHireDays: 30,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  mode: 'automatic' as const,
};

describe('previewWorkflow', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    await fill(knex);
    return createWorkflowStore({ knex });
  }

  /** (Okta id, rule) in the preview's order; the person-less one apart, as databases sort a missing e-mail first or last. */
  function matched(entries: Array<{ oktaUserId: string; rule: number }>) {
    return {
      people: entries
        .filter(e => e.oktaUserId !== '00u4')
        .map(e => `${e.oktaUserId}#${e.rule}`),
      withoutPerson: entries
        .filter(e => e.oktaUserId === '00u4')
        .map(e => `${e.oktaUserId}#${e.rule}`),
    };
  }

  it.each(databases.eachSupportedId())(
    'previews one rule: assigned, not exempt, with or without a person row (%p)',
    async databaseId => {
      const store = await setup(databaseId);
      const definition: WorkflowDefinition = {
        ...base,
        rules: [
          {
            condition: { type: 'noSignIn', days: 7 },
            outcome: { action: 'deprovision' },
          },
        ],
      };
      const preview = await previewWorkflow(store, CRM, definition, NOW);
      expect(matched(preview.entries)).toEqual({
        people: ['00u1#0', '00u3#0', '00u7#0', '00u10#0', '00u12#0'],
        withoutPerson: ['00u4#0'],
      });
      // Assigned: all but the removed one; exempt: global, CRM's list, the
      // exempt team, the new hire and the recent opt-out.
      expect({ assigned: preview.assigned, exempt: preview.exempt }).toEqual({
        assigned: 13,
        exempt: 5,
      });
      expect(preview.entries.find(e => e.oktaUserId === '00u1')).toEqual({
        oktaUserId: '00u1',
        email: 'a@x.test',
        displayName: 'Person 00u1',
        rule: 0,
        ruleName: 'Rule 1',
        currentTier: 'premium',
        action: 'deprovision',
        toTier: undefined,
        suggestOnly: false,
        lastSignInMs: ago(200),
        assignedMs: ago(365),
        monthlySaving: 100,
        scope: 'GROUP',
        fromGroupId: '00gprem',
        toGroupId: undefined,
      });
      expect(preview.entries.find(e => e.oktaUserId === '00u4')).toEqual({
        oktaUserId: '00u4',
        email: undefined,
        displayName: undefined,
        rule: 0,
        ruleName: 'Rule 1',
        currentTier: undefined,
        action: 'deprovision',
        toTier: undefined,
        suggestOnly: false,
        lastSignInMs: undefined,
        assignedMs: ago(365),
        monthlySaving: 0,
        scope: 'USER',
        fromGroupId: undefined,
        toGroupId: undefined,
      });

      // The wiki's lists apply to the wiki only, and CRM's to CRM.
      const wiki = await previewWorkflow(store, WIKI, definition, NOW);
      expect(wiki.entries.map(e => e.oktaUserId)).toEqual(['00u2']);
      expect({ assigned: wiki.assigned, exempt: wiki.exempt }).toEqual({
        assigned: 1,
        exempt: 0,
      });
      const unknown = await previewWorkflow(store, '0oanone', definition, NOW);
      expect(unknown).toEqual({ entries: [], assigned: 0, exempt: 0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'previews several rules: the first that holds, sign-ins counted over its window, downgrades only from above the target (%p)',
    async databaseId => {
      const store = await setup(databaseId);
      const definition: WorkflowDefinition = {
        ...base,
        rules: [
          {
            name: 'Never used',
            condition: { type: 'neverSignedIn', days: 60 },
            outcome: { action: 'deprovision' },
          },
          {
            condition: { type: 'fewSignIns', days: 30, signIns: 3 },
            tiers: ['standard', 'premium'],
            outcome: { action: 'downgrade', toTier: 'basic' },
          },
        ],
      };
      const preview = await previewWorkflow(store, CRM, definition, NOW);
      expect(matched(preview.entries)).toEqual({
        people: ['00u3#0', '00u7#0', '00u1#1', '00u10#1', '00u12#1', '00u14#1'],
        withoutPerson: ['00u4#0'],
      });
      // Rule by rule: the one without a person row among the first rule's.
      expect(preview.entries.map(e => e.rule)).toEqual([0, 0, 0, 1, 1, 1, 1]);
      expect(preview.entries.find(e => e.oktaUserId === '00u10')).toEqual({
        oktaUserId: '00u10',
        email: 'i@x.test',
        displayName: 'Person 00u10',
        rule: 1,
        ruleName: 'Rule 2',
        currentTier: 'standard',
        action: 'downgrade',
        toTier: 'basic',
        suggestOnly: false,
        lastSignInMs: ago(10),
        assignedMs: ago(365),
        monthlySaving: 30,
        scope: 'GROUP',
        fromGroupId: '00gstd',
        toGroupId: '00gbasic',
      });
      // A target tier the instance no longer has selects nobody (on
      // PostgreSQL it failed with an integer out of range).
      const gone = await previewWorkflow(
        store,
        CRM,
        {
          ...definition,
          rules: [
            {
              condition: { type: 'noSignIn', days: 1 },
              outcome: { action: 'downgrade', toTier: 'retired-tier' },
            },
          ],
        },
        NOW,
      );
      expect(gone.entries).toEqual([]);
      expect(preview.entries[0].ruleName).toBe('Never used');
      expect({ assigned: preview.assigned, exempt: preview.exempt }).toEqual({
        assigned: 13,
        exempt: 5,
      });

      // No new-hire period: the new hire (assigned 19 days ago, never
      // signed in) is previewed, and no longer counted as exempt.
      const noHires = await previewWorkflow(
        store,
        CRM,
        {
          ...definition,
          newHireDays: 0,
          rules: [
            {
              condition: { type: 'noSignIn', days: 7 },
              outcome: { action: 'deprovision' },
            },
          ],
        },
        NOW,
      );
      expect(noHires.entries.map(e => e.oktaUserId)).toContain('00u9');
      expect(noHires.exempt).toBe(4);
    },
  );
});
