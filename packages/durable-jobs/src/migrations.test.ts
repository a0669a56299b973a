import { TestDatabases } from '@backstage/backend-test-utils';
import { JobStore } from './JobStore';
import { migrationsFor } from './migrations';

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'keeps tables of several stores apart in one database, and migrates down and up (%p)',
    async id => {
      const knex = await databases.init(id);
      // A plugin's own table named like ours would be left alone.
      await knex.schema.createTable('jobs', t => t.string('mine'));
      const home = await JobStore.create({ knex, table: 'home_jobs' });
      const okta = await JobStore.create({ knex, table: 'okta_jobs' });
      await home.enqueue([{ type: 'a', key: 'same-key', payload: 'home' }]);
      await okta.enqueue([{ type: 'a', key: 'same-key', payload: 'okta' }]);
      expect((await home.getByKey('same-key'))?.payload).toBe('home');
      expect((await okta.getByKey('same-key'))?.payload).toBe('okta');
      expect(await knex.schema.hasColumn('jobs', 'mine')).toBe(true);

      const config = {
        tableName: 'home_jobs__knex_migrations',
        migrationSource: migrationsFor('home_jobs'),
      };
      // Down to the first migration (retention and claim indexes gone),
      // then up again with the rows kept.
      await knex.migrate.down(config);
      await knex.migrate.down(config);
      expect(await home.claim({ worker: 'w', limit: 5, leaseMs: 10 })).toEqual([
        expect.objectContaining({ key: 'same-key', payload: 'home' }),
      ]);
      await knex.migrate.latest(config);
      const [, pending] = await knex.migrate.list(config);
      expect(pending).toEqual([]);
      expect(
        (await home.get((await home.getByKey('same-key'))!.id))?.status,
      ).toBe('running');
      await knex.migrate.rollback(config, true);
      expect(await knex.schema.hasTable('home_jobs')).toBe(false);
      expect(await knex.schema.hasTable('okta_jobs')).toBe(true);
    },
  );
});
