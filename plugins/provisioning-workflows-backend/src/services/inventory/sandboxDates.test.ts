import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import {
  clearProxyEnvironment,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { Client } from '@okta/okta-sdk-nodejs';
import {
  adminCredentials,
  createWorkflowHarness,
} from '../__testUtils__/workflowHarness';

jest.setTimeout(180_000);

const DAY = 24 * 3600 * 1000;

/**
 * The new-hire exemption and the assignment age, read by the inventory
 * sync from the dates the sandbox serves as Okta does (user `created`, app
 * user `created`): a person or assignment made through the Okta API during
 * the test carries the real time, the seeded ones their seeded history.
 * Nobody signs in (no SSO activity), so only the dates tell people apart.
 */
describe('new hires and assignment age, from the dates Okta serves', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;
  let okta: Client;

  beforeEach(async () => {
    clearProxyEnvironment();
    sandbox = await startSandbox({ activity: false });
    okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
  });
  afterEach(() => sandbox.stop());

  const dir = () => sandbox.state.directory;
  const figma = () => [...dir().apps.values()].find(a => a.label === 'Figma')!;
  const group = (name: string) =>
    [...dir().groups.values()].find(g => g.profile.name === name)!;

  async function harness(databaseId: TestDatabaseId, now: () => number) {
    const knex = await databases.init(databaseId);
    const h = await createWorkflowHarness({ knex, sandbox, now });
    await h.sync.run();
    await h.ingest.run();
    return { ...h, knex };
  }

  function definition(
    rule: WorkflowDefinition['rules'][number],
    newHireDays: number,
  ): WorkflowDefinition {
    return {
      rules: [rule],
      newHireDays,
      notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
      mode: 'automatic',
    };
  }

  it.each(databases.eachSupportedId())(
    'exempts a person created in Okta recently, not a long-standing one as inactive (%p)',
    async databaseId => {
      // Hired today through the Okta API, with a Figma Editor license.
      const hired = Date.now();
      const hire = await okta.userApi.createUser({
        body: {
          profile: {
            login: 'new.designer@acme.example.com',
            email: 'new.designer@acme.example.com',
            firstName: 'New',
            lastName: 'Designer',
          },
          credentials: { password: { value: 'Sandbox-Passw0rd!' } },
          groupIds: [group('Figma Editor').id],
        },
      });
      expect(hire.created!.getTime()).toBeGreaterThanOrEqual(hired);
      // A seeded editor who has held Figma for more than a year.
      const editor = group('Figma Editor').id;
      const veteran = dir()
        .appUsers(figma().id)
        .find(
          u =>
            u.groupId === editor &&
            Date.parse(dir().users.get(u.userId)!.created) <
              hired - 365 * DAY &&
            Date.parse(u.created) < hired - 365 * DAY,
        )!;
      expect(veteran).toBeDefined();

      // The preview 20 days later: both have held Figma 14 days and more
      // without signing in; only one of them joined less than 30 days ago.
      const h = await harness(databaseId, () => Date.now() + 20 * DAY);
      const people = await h
        .knex('people')
        .whereIn('okta_user_id', [hire.id!, veteran.userId])
        .select('okta_user_id', 'okta_created_ms');
      expect(
        Object.fromEntries(
          people.map(p => [p.okta_user_id, Number(p.okta_created_ms)]),
        ),
      ).toEqual({
        [hire.id!]: hire.created!.getTime(),
        [veteran.userId]: Date.parse(dir().users.get(veteran.userId)!.created),
      });
      const rule = {
        name: 'Quiet for two weeks',
        condition: { type: 'noSignIn', days: 14 },
        outcome: { action: 'deprovision' },
      } as const;
      await h.service.saveWorkflow(figma().id, definition(rule, 30), {
        credentials: adminCredentials,
      });
      const preview = await h.service.preview(figma().id, undefined, {
        credentials: adminCredentials,
        limit: 1000,
      });
      const selected = preview.entries.map(e => e.oktaUserId);
      expect(selected).toContain(veteran.userId);
      expect(selected).not.toContain(hire.id);
      expect(preview.exemptUsers).toBeGreaterThanOrEqual(1);

      // Without the exemption the new hire is selected too: the account's
      // creation date alone kept them out.
      const without = await h.service.preview(figma().id, definition(rule, 0), {
        credentials: adminCredentials,
        limit: 1000,
      });
      expect(without.entries.map(e => e.oktaUserId)).toContain(hire.id);
      expect(without.exemptUsers).toBe(preview.exemptUsers - 1);
    },
  );

  it.each(databases.eachSupportedId())(
    'selects who never signed in since being assigned long ago, not who was assigned today (%p)',
    async databaseId => {
      // Assigned Figma directly today: a salesperson who has been in Okta for years.
      const today = Date.now();
      const seller = [...dir().users.values()].find(
        u =>
          u.profile.department === 'Sales' &&
          u.status === 'ACTIVE' &&
          Date.parse(u.created) < today - 365 * DAY &&
          !dir().appUser(figma().id, u.id),
      )!;
      const assigned = await okta.applicationApi.assignUserToApplication({
        appId: figma().id,
        appUser: { id: seller.id, scope: 'USER' },
      });
      expect(assigned.created!.getTime()).toBeGreaterThanOrEqual(today);
      // Someone assigned Figma long ago, who never signed in either.
      const old = dir()
        .appUsers(figma().id)
        .find(
          u =>
            u.userId !== seller.id && Date.parse(u.created) < today - 90 * DAY,
        )!;
      expect(old).toBeDefined();

      let clock = Date.now();
      const h = await harness(databaseId, () => clock);
      const rule = {
        name: 'Never used',
        condition: { type: 'neverSignedIn', days: 60 },
        outcome: { action: 'deprovision' },
      } as const;
      await h.service.saveWorkflow(figma().id, definition(rule, 0), {
        credentials: adminCredentials,
      });
      const preview = () =>
        h.service.preview(figma().id, undefined, {
          credentials: adminCredentials,
          limit: 1000,
        });
      const first = await preview();
      const entry = (p: typeof first, id: string) =>
        p.entries.find(e => e.oktaUserId === id);
      // Selected, with the assignment date Okta served.
      expect(entry(first, old.userId)?.assignedAt).toBe(old.created);
      expect(entry(first, seller.id)).toBeUndefined();

      // Sixty-one days later (synced again), the new assignment is old enough.
      clock += 61 * DAY;
      await h.sync.run();
      const later = await preview();
      expect(entry(later, seller.id)?.assignedAt).toBe(
        assigned.created!.toISOString(),
      );
      expect(entry(later, old.userId)).toBeDefined();
    },
  );
});
