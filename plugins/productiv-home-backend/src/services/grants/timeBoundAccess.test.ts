import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { applyDatabaseMigrations } from '../../database/migrations';
import { DAY_MS } from '../../database/operations/grants/types';
import { grantHarness, timeBoundFigma } from './__testUtils__/grantHarness';

jest.setTimeout(120_000);

type Write = {
  kind: string;
  target: string | null;
  login: string | null;
  changed: boolean;
};
type OktaGroup = { id: string; name: string; members: string[] };

/**
 * Time-bound access end to end against the sandbox, through the Okta
 * module's provider (the Okta SDK), on a clock the test moves: warnings at
 * the configured offsets to the holder and the approver, the removal at
 * expiry with one Okta write, nothing restored afterwards, an extension
 * that moves the expiry, and a grant removed in Okta by hand.
 */
describe('time-bound access', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;

  beforeEach(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
  });
  afterEach(() => sandbox.stop());

  const inspect = async <T>(path: string): Promise<T> =>
    (await fetch(`${sandbox.urls.inspector}/api/okta/${path}`)).json();

  async function setup(id: TestDatabaseId) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    let nowMs = Date.parse('2026-12-01T09:00:00Z');
    const h = await grantHarness({
      knex,
      okta: {
        orgUrl: sandbox.urls.okta,
        token: sandbox.credentials.okta.token,
      },
      inspector: sandbox.urls.inspector,
      now: () => nowMs,
    });
    const groups = await inspect<OktaGroup[]>('groups');
    const group = (name: string) => groups.find(g => g.name === name)!;
    const apps = await inspect<Array<{ id: string; label: string }>>('apps');
    const figma = timeBoundFigma(
      { viewer: group('Figma Viewer').id, editor: group('Figma Editor').id },
      apps.find(a => a.label === 'Figma')!.id,
    );
    await h.stores.apps.putApp(figma, 'user:default/alex.morgan', nowMs);
    // People without Figma who have a manager to approve.
    const editors = new Set([
      ...group('Figma Editor').members,
      ...group('Figma Viewer').members,
    ]);
    const people: Array<{ ref: string; email: string; manager: string }> = [];
    for (const u of h.users) {
      const email = (u.spec as any).profile.email as string;
      const ref = `user:default/${u.metadata.name}`;
      const manager = u.metadata.annotations['productiv.io/manager'];
      if (!editors.has(email) && manager) people.push({ ref, email, manager });
    }
    const writesOf = async (email: string) =>
      (await inspect<Write[]>('writes')).filter(
        w => w.login === email && w.target === 'Figma Editor' && w.changed,
      );
    const isEditor = async (email: string) =>
      (await inspect<OktaGroup[]>('groups'))
        .find(g => g.name === 'Figma Editor')!
        .members.includes(email);
    return {
      ...h,
      knex,
      figma,
      editorGroup: group('Figma Editor').id,
      people,
      writesOf,
      isEditor,
      now: () => nowMs,
      setNow: (ms: number) => {
        nowMs = ms;
      },
      /** The sweep, then every job it queued (and the jobs those queue). */
      tick: async () => {
        const swept = await h.expiry.sweep();
        await h.drain();
        return swept;
      },
    };
  }

  /** A 7-day request for Figma Editor, approved by the manager and fulfilled through Okta. */
  async function grant(
    t: Awaited<ReturnType<typeof setup>>,
    person: { ref: string; manager: string },
  ) {
    const asked = await t.useCases.submit(
      { appKey: 'figma', tier: 'editor', accessDays: 7 },
      { requester: person.ref },
    );
    expect(asked).toMatchObject({ status: 'pending_approval', accessDays: 7 });
    const approver = asked.approvals[0].approver;
    await t.useCases.decide(
      asked.id,
      { decision: 'approved' },
      { actor: approver },
    );
    await t.drain();
    const granted = await t.stores.requests.get(asked.id);
    expect(granted.status).toBe('fulfilled');
    return { request: granted, approver };
  }

  it.each(databases.eachSupportedId())(
    'warns a 7-day grant at 3 days and 1 day to the holder and approver, removes it at expiry with one Okta write, also after a sync (%p)',
    async id => {
      const t = await setup(id);
      const person = t.people[0];

      // Above the maximum: 400 naming accessDays and the maximum.
      await expect(
        t.useCases.submit(
          { appKey: 'figma', tier: 'editor', accessDays: 30 },
          { requester: person.ref },
        ),
      ).rejects.toThrow(
        new InputError(
          'accessDays: at most 14 days of access to Figma can be asked for; choose 14 days or fewer',
        ),
      );

      const { request, approver } = await grant(t, person);
      const expiresAt = t.now() + 7 * DAY_MS;
      expect(request.expiresAt).toBe(new Date(expiresAt).toISOString());
      expect(request.history.map(e => e.type)).toContain('access-expires');
      expect(await t.isEditor(person.email)).toBe(true);
      expect((await t.writesOf(person.email)).map(w => w.kind)).toEqual([
        'group.user.add',
      ]);
      // The inventory shows it: Home sees it held.
      expect(await t.reconciliation.reconcile()).toEqual({ seen: 1, ended: 0 });

      const warnings = () =>
        t.notified.filter(m => /ends (in \d+ days|tomorrow)/.test(m.title));
      // Not yet 3 days before: nothing.
      t.setNow(expiresAt - 3 * DAY_MS - 60_000);
      await t.tick();
      expect(warnings()).toEqual([]);
      // 3 days before: the holder and the approver, once each.
      t.setNow(expiresAt - 3 * DAY_MS + 60_000);
      await t.tick();
      await t.tick();
      // (The two jobs run at once: in either order.)
      const byRecipient = () =>
        warnings().sort((x, y) =>
          x.recipients[0].localeCompare(y.recipients[0]),
        );
      expect(
        warnings()
          .map(m => [m.recipients[0], m.title])
          .sort((x, y) => x[0].localeCompare(y[0])),
      ).toEqual(
        [
          [person.ref, 'Your access to Figma Editor ends in 3 days'],
          [
            approver,
            expect.stringMatching(
              /^[A-Z][a-z]+ [A-Z][a-z]+'s access to Figma Editor ends in 3 days$/,
            ),
          ],
        ].sort((x, y) => (x[0] as string).localeCompare(y[0] as string)),
      );
      for (const m of byRecipient()) {
        expect(m.description).toContain(`request=${request.id}&extend=1`);
        expect(m.description).toMatch(/ends on 8 December 2026 at 09:0\d UTC/);
      }
      // 1 day before: the second pair, once.
      t.setNow(expiresAt - DAY_MS + 60_000);
      await t.tick();
      await t.tick();
      expect(warnings().map(m => m.title.replace(/^.*ends /, ''))).toEqual([
        'in 3 days',
        'in 3 days',
        'tomorrow',
        'tomorrow',
      ]);
      expect(await t.isEditor(person.email)).toBe(true);

      // At expiry: removed through the return path, one Okta write.
      t.setNow(expiresAt + 60_000);
      expect(await t.tick()).toEqual({ warnings: 0, expiries: 1 });
      expect(await t.isEditor(person.email)).toBe(false);
      const removals = (await t.writesOf(person.email)).filter(
        w => w.kind === 'group.user.remove',
      );
      expect(removals).toHaveLength(1);
      const granted = await t.stores.requests.get(request.id);
      expect(granted.history.map(e => e.type)).toEqual(
        expect.arrayContaining([
          'access-expires',
          'expiry-warned',
          'access-expired',
        ]),
      );
      const removalId = granted.history.find(e => e.type === 'access-expired')!
        .comment!;
      expect(await t.stores.requests.get(removalId)).toMatchObject({
        kind: 'expire',
        grantId: request.id,
        status: 'fulfilled',
        requester: person.ref,
        tier: 'editor',
      });
      expect((await t.stores.grants.get(request.id))?.status).toBe('removed');
      expect(t.notified.find(m => m.requestId === removalId)?.title).toBe(
        'Your access to Figma Editor ended',
      );

      // Later sweeps and a sync of what Okta holds restore nothing.
      t.setNow(expiresAt + DAY_MS);
      expect(await t.tick()).toEqual({ warnings: 0, expiries: 0 });
      expect(await t.reconciliation.reconcile()).toEqual({ seen: 0, ended: 0 });
      expect(await t.access.holdingOf(t.figma, person.ref)).toBeUndefined();
      expect(await t.isEditor(person.email)).toBe(false);
      expect((await t.writesOf(person.email)).map(w => w.kind)).toEqual([
        'group.user.add',
        'group.user.remove',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'an extension approved before expiry moves the expiry and removes nothing (%p)',
    async id => {
      const t = await setup(id);
      const person = t.people[1];
      const { request, approver } = await grant(t, person);
      const firstExpiry = t.now() + 7 * DAY_MS;

      // Above the maximum is refused like a request.
      t.setNow(firstExpiry - 2 * DAY_MS);
      await expect(
        t.useCases.submitExtension(
          request.id,
          { accessDays: 20 },
          { requester: person.ref },
        ),
      ).rejects.toThrow(
        /^accessDays: an extension of Figma adds at most 14 days/,
      );
      // Somebody else cannot extend it.
      await expect(
        t.useCases.submitExtension(
          request.id,
          { accessDays: 7 },
          { requester: approver },
        ),
      ).rejects.toThrow(/You hold no time-bound access/);

      const extension = await t.useCases.submitExtension(
        request.id,
        { accessDays: 7, justification: 'Project runs another week' },
        { requester: person.ref },
      );
      // The app's approval policy: the manager decides.
      expect(await t.stores.requests.get(extension.id)).toMatchObject({
        kind: 'extend',
        grantId: request.id,
        status: 'pending_approval',
        accessDays: 7,
        expiresAt: new Date(firstExpiry).toISOString(),
      });
      expect(extension.approvals.map(a => a.approver)).toEqual([approver]);
      await t.useCases.decide(
        extension.id,
        { decision: 'approved' },
        { actor: approver },
      );
      await t.drain();
      const newExpiry = firstExpiry + 7 * DAY_MS;
      expect(await t.stores.requests.get(extension.id)).toMatchObject({
        status: 'fulfilled',
        expiresAt: new Date(newExpiry).toISOString(),
      });
      const granted = await t.stores.requests.get(request.id);
      expect(granted.expiresAt).toBe(new Date(newExpiry).toISOString());
      expect(
        granted.history.filter(e => e.type === 'extended').map(e => e.comment),
      ).toEqual([new Date(newExpiry).toISOString()]);

      // The old expiry passes: nothing is removed, no warning for it.
      t.setNow(firstExpiry - DAY_MS + 60_000);
      await t.tick();
      t.setNow(firstExpiry + 60_000);
      expect(await t.tick()).toEqual({ warnings: 0, expiries: 0 });
      expect(await t.isEditor(person.email)).toBe(true);
      expect(
        t.notified.filter(m => m.title.includes('ends')).map(m => m.title),
      ).toEqual([]);
      // Only the grant wrote to Okta.
      expect((await t.writesOf(person.email)).map(w => w.kind)).toEqual([
        'group.user.add',
      ]);
      // Warned before the new expiry instead.
      t.setNow(newExpiry - DAY_MS + 60_000);
      await t.tick();
      expect(
        t.notified
          .filter(m => m.title.startsWith('Your access'))
          .map(m => m.title),
      ).toContain('Your access to Figma Editor ends tomorrow');
    },
  );

  it.each(databases.eachSupportedId())(
    'access removed in Okta by hand ends the grant; its expiry then does nothing (%p)',
    async id => {
      const t = await setup(id);
      const person = t.people[2];
      const { request } = await grant(t, person);
      const expiresAt = t.now() + 7 * DAY_MS;
      expect(await t.reconciliation.reconcile()).toEqual({ seen: 1, ended: 0 });

      // An Okta admin removes the membership (Okta's own API, not Home).
      const okta = (path: string, method = 'GET') =>
        fetch(`${sandbox.urls.okta}/api/v1/${path}`, {
          method,
          headers: {
            authorization: `SSWS ${sandbox.credentials.okta.token}`,
            accept: 'application/json',
          },
        });
      const user = (await (
        await okta(`users/${encodeURIComponent(person.email)}`)
      ).json()) as { id: string };
      const res = await okta(
        `groups/${t.editorGroup}/users/${user.id}`,
        'DELETE',
      );
      expect(res.status).toBe(204);

      expect(await t.reconciliation.reconcile()).toEqual({ seen: 0, ended: 1 });
      const granted = await t.stores.requests.get(request.id);
      expect(granted.history.at(-1)).toMatchObject({
        type: 'removed-in-okta',
        actor: 'system',
      });
      expect(await t.stores.grants.get(request.id)).toMatchObject({
        status: 'ended',
        endReason: 'removed-in-okta',
      });
      // Its warnings and expiry do nothing: no message, no removal request.
      t.setNow(expiresAt - DAY_MS + 60_000);
      await t.tick();
      t.setNow(expiresAt + 60_000);
      expect(await t.tick()).toEqual({ warnings: 0, expiries: 0 });
      expect(t.notified.filter(m => m.title.includes(' ends '))).toEqual([]);
      expect((await t.writesOf(person.email)).map(w => w.kind)).toEqual([
        'group.user.add',
        'group.user.remove',
      ]);
    },
  );
});
