import { TestDatabases } from '@backstage/backend-test-utils';
import { ActivityStore } from './ActivityStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

describe('activity retention', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'deletes daily counts before the day and intervals that ended before it, keeping the rest (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await knex('app_instances').insert(
        ['0oa1', '0oa2'].map(id => ({
          id,
          app_key: id,
          label: id,
          status: 'ACTIVE',
          first_seen_ms: 0,
        })),
      );
      const days = ['2025-05-31', '2025-06-01', '2026-11-01'];
      for (const instance of ['0oa1', '0oa2'])
        await knex('activity_daily').insert(
          days.map(day => ({
            okta_user_id: '00u1',
            instance_id: instance,
            day,
            sign_ins: 1,
          })),
        );
      const at = (d: string) => Date.parse(`${d}T00:00:00.000Z`);
      const interval = (to: number | null) => ({
        instance_id: '0oa1',
        okta_user_id: '00u1',
        scope: 'GROUP',
        group_id: '00g1',
        from_ms: at('2025-01-01'),
        to_ms: to,
        first_seen_ms: at('2025-01-01'),
        first_seen_day: '2025-01-01',
        source: 'sync',
      });
      await knex('assignment_intervals').insert([
        interval(at('2025-05-31')),
        interval(at('2025-06-01')),
        interval(null),
      ]);

      const deleted = await new ActivityStore(knex).pruneBefore('2025-06-01');
      expect(deleted).toBe(3);
      const kept = await knex('activity_daily')
        .orderBy(['instance_id', 'day'])
        .select('instance_id', 'day');
      expect(kept).toEqual([
        { instance_id: '0oa1', day: '2025-06-01' },
        { instance_id: '0oa1', day: '2026-11-01' },
        { instance_id: '0oa2', day: '2025-06-01' },
        { instance_id: '0oa2', day: '2026-11-01' },
      ]);
      const intervals = await knex('assignment_intervals')
        .orderBy('id')
        .select('to_ms');
      expect(
        intervals.map(i => (i.to_ms === null ? null : Number(i.to_ms))),
      ).toEqual([at('2025-06-01'), null]);
    },
  );
});
