import { TestDatabases } from '@backstage/backend-test-utils';
import { emailMigrations, EmailStore, TokenPurpose } from './EmailStore';

jest.setTimeout(60_000);

const decide = (
  over: Partial<Extract<TokenPurpose, { kind: 'decide' }>> = {},
): TokenPurpose => ({
  kind: 'decide',
  requestId: 'r1',
  level: 1,
  approver: 'user:default/olivia.chen',
  decision: 'approved',
  ...over,
});

describe('EmailStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'uses a token once, before it expires, and keeps only its hash (%p)',
    async id => {
      const knex = await databases.init(id);
      const store = await EmailStore.create(knex);
      const purpose = decide();
      const token = await store.issue(purpose, 2000, 1000);
      const rows = await knex('home_email_tokens').select('token_hash');
      expect(rows.map(r => r.token_hash)).not.toContain(token);

      const expired = await store.issue(purpose, 2000, 1000);
      expect(await store.use(expired, 2000)).toEqual({
        ok: false,
        reason: 'expired',
      });
      const results = await Promise.all([
        store.use(token, 1500),
        store.use(token, 1500),
      ]);
      expect(results.filter(r => r.ok)).toEqual([{ ok: true, purpose }]);
      expect(await store.use(token, 1600)).toEqual({
        ok: false,
        reason: 'used',
      });
      expect(await store.use('made-up', 1600)).toEqual({
        ok: false,
        reason: 'unknown',
      });

      // Given back after a failure worth retrying, it works once more.
      await store.release(token);
      expect(await store.use(token, 1700)).toEqual({ ok: true, purpose });

      expect(await store.sentFor('k')).toBeUndefined();
      await store.recordSent('k', '<a@b>');
      await store.recordSent('k', '<other@b>');
      expect(await store.sentFor('k')).toBe('<a@b>');
    },
  );

  it.each(databases.eachSupportedId())(
    'revokes the other links of a decision, of earlier levels and of a ticket (%p)',
    async id => {
      const knex = await databases.init(id);
      const store = await EmailStore.create(knex);
      const approve = await store.issue(decide(), 10_000, 0);
      const deny = await store.issue(decide({ decision: 'denied' }), 10_000, 0);
      const otherApprover = await store.issue(
        decide({ approver: 'user:default/sofia.garcia' }),
        10_000,
        0,
      );
      const otherRequest = await store.issue(
        decide({ requestId: 'r2' }),
        10_000,
        0,
      );
      const level2 = await store.issue(decide({ level: 2 }), 10_000, 0);

      expect((await store.use(approve, 1)).ok).toBe(true);
      expect(
        await store.revokeDecisionLinks(
          { requestId: 'r1', level: 1, approver: 'user:default/olivia.chen' },
          2,
        ),
      ).toBe(1);
      expect(await store.use(deny, 3)).toEqual({
        ok: false,
        reason: 'revoked',
      });
      // A used link stays "used", not "revoked".
      expect(await store.use(approve, 3)).toEqual({
        ok: false,
        reason: 'used',
      });
      expect((await store.peek(otherApprover))?.revokedAtMs).toBeUndefined();

      expect(await store.revokeEarlierLevels('r1', 2, 4)).toBe(1);
      expect((await store.peek(otherApprover))?.revokedAtMs).toBe(4);
      expect((await store.use(otherRequest, 5)).ok).toBe(true);
      expect((await store.use(level2, 5)).ok).toBe(true);

      const done = await store.issue(
        { kind: 'done', externalId: '<t1@acme>' },
        10_000,
        0,
      );
      const resent = await store.issue(
        { kind: 'done', externalId: '<t1@acme>' },
        10_000,
        0,
      );
      expect((await store.use(done, 6)).ok).toBe(true);
      expect(await store.revokeDoneLinks('<t1@acme>', 7)).toBe(1);
      expect(await store.use(resent, 8)).toEqual({
        ok: false,
        reason: 'revoked',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes links used, revoked or expired and mails sent long ago, in batches (%p)',
    async id => {
      const knex = await databases.init(id);
      const store = await EmailStore.create(knex);
      const link = (requestId: string, expiresAtMs: number) =>
        store.issue(decide({ requestId }), expiresAtMs, 0);
      const usedLongAgo = await link('used-long-ago', 90_000);
      await store.use(usedLongAgo, 1000);
      const usedRecently = await link('used-recently', 90_000);
      await store.use(usedRecently, 30_000);
      await link('revoked-long-ago', 90_000);
      await store.revokeDecisionLinks(
        { requestId: 'revoked-long-ago', level: 1 },
        2000,
      );
      await link('revoked-recently', 90_000);
      await store.revokeDecisionLinks(
        { requestId: 'revoked-recently', level: 1 },
        30_000,
      );
      const expired: string[] = [];
      for (let i = 0; i < 5; i++)
        expired.push(await link(`expired-${i}`, 3000));
      const expiredRecently = await link('expired-recently', 25_000);
      // Usable, however old: IT's "Mark as done" for a ticket still open.
      const usable = await store.issue(
        { kind: 'done', externalId: '<open@acme>' },
        90_000,
        0,
      );
      for (let i = 0; i < 3; i++)
        await store.recordSent(`old-${i}`, `<o${i}@acme>`, 1000);
      await store.recordSent('recent', '<r@acme>', 30_000);

      expect(
        await store.deleteDelivered({ beforeMs: 20_000, batchSize: 2 }),
      ).toEqual({ links: 7, mails: 3 });
      for (const gone of [usedLongAgo, ...expired]) {
        expect(await store.peek(gone)).toBeUndefined();
      }
      for (const stays of [usedRecently, expiredRecently, usable]) {
        expect(await store.peek(stays)).toBeDefined();
      }
      expect((await knex('home_email_tokens').pluck('subject')).sort()).toEqual(
        [
          '<open@acme>',
          'expired-recently',
          'revoked-recently',
          'used-recently',
        ],
      );
      expect(await store.sentFor('old-0')).toBeUndefined();
      expect(await store.sentFor('recent')).toBe('<r@acme>');
      // The usable link still works.
      expect((await store.use(usable, 40_000)).ok).toBe(true);

      // An aborted run (a timeout, a shutdown) deletes nothing more.
      const stop = new AbortController();
      stop.abort();
      expect(
        await store.deleteDelivered({ beforeMs: 99_000, signal: stop.signal }),
      ).toEqual({ links: 0, mails: 0 });
      expect(await store.sentFor('recent')).toBe('<r@acme>');
    },
  );

  it.each(databases.eachSupportedId())(
    'migrates links issued before revocation existed, and back (%p)',
    async id => {
      const knex = await databases.init(id);
      const config = emailMigrations();
      await knex.migrate.up({ ...config, name: '20261124_init' });
      await knex('home_email_tokens').insert({
        token_hash: 'a'.repeat(64),
        purpose: JSON.stringify(decide()),
        expires_at_ms: 10_000,
        used_at_ms: null,
        created_at_ms: 0,
      });
      await knex.migrate.latest(config);
      expect(
        await knex('home_email_tokens').first('subject', 'level', 'approver'),
      ).toEqual({
        subject: 'r1',
        level: 1,
        approver: 'user:default/olivia.chen',
      });
      const store = await EmailStore.create(knex);
      expect(
        await store.revokeDecisionLinks({ requestId: 'r1', level: 1 }, 5),
      ).toBe(1);

      // Down a step at a time: the retention indexes, then revocation.
      await knex.migrate.down(config);
      expect(await store.sentFor('none')).toBeUndefined();
      await knex.migrate.down(config);
      expect(await knex.schema.hasColumn('home_email_tokens', 'subject')).toBe(
        false,
      );
      await knex.migrate.down(config);
      expect(await knex.schema.hasTable('home_email_tokens')).toBe(false);
    },
  );
});
