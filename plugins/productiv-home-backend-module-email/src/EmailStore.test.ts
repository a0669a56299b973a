import { TestDatabases } from '@backstage/backend-test-utils';
import { EmailStore } from './EmailStore';

jest.setTimeout(60_000);

describe('EmailStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'uses a token once, before it expires, and keeps only its hash (%p)',
    async id => {
      const knex = await databases.init(id);
      const store = await EmailStore.create(knex);
      const purpose = {
        kind: 'decide' as const,
        requestId: 'r1',
        level: 1,
        approver: 'user:default/olivia.chen',
        decision: 'approved' as const,
      };
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

      expect(await store.sentFor('k')).toBeUndefined();
      await store.recordSent('k', '<a@b>');
      await store.recordSent('k', '<other@b>');
      expect(await store.sentFor('k')).toBe('<a@b>');
    },
  );
});
